import Access
@testable import Interactions
import Mapping
import Search
import NativeModel
import Store
import StoreSQLite
import Testing

/// How a search is kept within a token's compartment: a row condition on the owner, left out where the
/// search's own conditions already confine it to owners within the compartment.
@Suite struct CompartmentConditionTests {
    private func plan(_ query: String) throws -> MeasurementSearch {
        let parameters = try SearchQueryString.parameters(query)
        let parsed = try SearchParser(resourceType: "Observation", lenient: false).parse(parameters)
        return try ObservationSearchPlan(parsed, serverBase: "http://localhost/fhir", now: Instant(millisecondsSince1970: 0)).search
    }

    private func reach(patient: String) throws -> Reach {
        try AccessPolicy(scope: "patient/Observation.rs", patient: patient, fhirUser: nil).reach(.search, on: "Observation")
    }

    private let ownerCondition = RowCondition.oneOf(.userID, [.integer(42)])

    @Test func aSearchWithoutAPatientGetsTheCompartmentOnEveryArm() throws {
        let search = try plan("code=8867-4,29463-7")
        let restricted = FHIRInteractions<SQLiteStore>.restricted(search, to: try reach(patient: "42"))
        #expect(restricted.arms.count == search.arms.count)
        #expect(restricted.arms.allSatisfy { $0.conditions.last == ownerCondition })
    }

    @Test func aSearchOfTheTokensOwnPatientIsLeftAsItIs() throws {
        let search = try plan("patient=42")
        #expect(FHIRInteractions<SQLiteStore>.restricted(search, to: try reach(patient: "42")) == search)
    }

    @Test func aSearchOfAnotherPatientHasNoArmsLeft() throws {
        let search = try plan("patient=7")
        #expect(FHIRInteractions<SQLiteStore>.restricted(search, to: try reach(patient: "42")).arms.isEmpty)
    }

    @Test func aSearchOfSeveralPatientsKeepsTheCondition() throws {
        let search = try plan("patient=42,7")
        let restricted = FHIRInteractions<SQLiteStore>.restricted(search, to: try reach(patient: "42"))
        #expect(!restricted.arms.isEmpty)
        #expect(restricted.arms.allSatisfy { $0.conditions.last == ownerCondition })
    }
}
