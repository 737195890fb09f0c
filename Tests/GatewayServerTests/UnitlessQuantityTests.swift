import Foundation
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import Store
import StoreSQLite
import Testing

/// Quantities without a unit (issue 21): where the LOINC code fixes the unit (blood pressures, heart
/// rate, BMI, steps) the value is read in the canonical unit with a warning that says so; where the
/// code allows several units, a missing unit is a 422 naming the element.
@Suite struct UnitlessQuantityTests {
    static let pressure = #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"reference":"Patient/1"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":128}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":82}}]}"#

    static func single(_ code: String, _ value: Double, quantityExtra: String = "") -> String {
        #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"\#(code)"}]},"subject":{"reference":"Patient/1"},"effectiveDateTime":"2026-11-04T08:00:00+01:00","valueQuantity":{"value":\#(value)\#(quantityExtra)}}"#
    }

    @Test func aBloodPressureWithoutUnitsIsStoredInMillimetresOfMercuryWithAWarning() async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let body = Self.pressure.replacingOccurrences(of: "Patient/1", with: "Patient/\(patient)")
            let outcome = try await client.fhir(.post, "Observation", body: body, headers: ["Prefer": "return=OperationOutcome"])
            #expect(outcome.status == .created, "\(outcome.bodyText)")
            let warnings = outcome.issues.filter { $0["severity"] as? String == "warning" }
            #expect(warnings.map { ($0["expression"] as? [String])?.first } == ["Observation.component[0].valueQuantity",
                                                                               "Observation.component[1].valueQuantity"])
            #expect((warnings.first?["diagnostics"] as? String)?.contains("8480-6 is measured in mm[Hg], so the value was stored in mm[Hg]") == true)
            let location = try #require(outcome.headers[.location])
            let id = try #require(location.split(separator: "/").dropLast(2).last)
            let stored = try await client.fhir(.get, "Observation/\(id)")
            let components = try #require(stored.json["component"] as? [[String: Any]])
            let systolic = try #require(components.first?["valueQuantity"] as? [String: Any])
            #expect(systolic["value"] as? Double == 128 && systolic["code"] as? String == "mm[Hg]", "\(stored.bodyText)")
            let found = try await client.fhir(.get, "Observation?patient=\(patient)&component-code=8480-6")
            #expect((found.json["entry"] as? [Any])?.count == 1, "\(found.bodyText)")
        }
    }

    @Test(arguments: [("8867-4", 61.0, "/min"), ("39156-5", 24.2, "kg/m2"), ("41950-7", 8000.0, "{steps}")])
    func aCodeThatFixesItsUnitTakesAValueWithoutOne(code: String, value: Double, unit: String) async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            var body = Self.single(code, value).replacingOccurrences(of: "Patient/1", with: "Patient/\(patient)")
            if code == "41950-7" {  // a daily total
                body = body.replacingOccurrences(of: #""effectiveDateTime":"2026-11-04T08:00:00+01:00""#,
                                                 with: #""effectivePeriod":{"start":"2026-11-04T00:00:00+01:00","end":"2026-11-05T00:00:00+01:00"}"#)
            }
            let created = try await client.fhir(.post, "Observation", body: body)
            #expect(created.status == .created, "\(created.bodyText)")
            let quantity = created.json["valueQuantity"] as? [String: Any]
            #expect(quantity?["value"] as? Double == value && quantity?["code"] as? String == unit, "\(created.bodyText)")
        }
    }

    @Test(arguments: [("29463-7", "weight"), ("2339-0", "glucose"), ("8302-2", "height"), ("4548-4", "HbA1c")])
    func aCodeWithSeveralUnitsRefusesAValueWithoutOne(code: String, what: String) async throws {
        try await TestGateway.run { client, store in
            let patient = try await client.createSamplePatient()
            let before = try await store.rowCounts()
            let body = Self.single(code, 70).replacingOccurrences(of: "Patient/1", with: "Patient/\(patient)")
            OutcomeCase(path: what, status: .unprocessableContent, diagnostics: "The quantity needs a UCUM code",
                        expression: "Observation.valueQuantity.code").check(try await client.fhir(.post, "Observation", body: body))
            #expect(try await store.rowCounts() == before)
        }
    }

    /// A human unit that is the display of the canonical unit (`mmHg`) is read as it.
    @Test func theCanonicalUnitsDisplayIsReadAsIt() async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let body = Self.single("8867-4", 64, quantityExtra: #","unit":"beats/minute""#)
                .replacingOccurrences(of: "Patient/1", with: "Patient/\(patient)")
            let created = try await client.fhir(.post, "Observation", body: body)
            #expect(created.status == .created, "\(created.bodyText)")
        }
    }

    /// Through `$import`, a unitless line is stored like over HTTP, and one that cannot be read fails alone.
    @Test func anImportStoresUnitlessPressuresAndFailsUnitlessWeightsAlone() async throws {
        let patient = #"{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:mrn","value":"U1"}]}"#
        let (job, errors, store) = try await ImportJobTests.importing([
            patient, Self.pressure.replacingOccurrences(of: "Patient/1", with: "Patient/p1"),
            Self.single("29463-7", 70).replacingOccurrences(of: "Patient/1", with: "Patient/p1"),
        ])
        #expect(job.counts.total(of: "Observation").imported == 1)
        #expect(job.counts.total.failed == 1)
        #expect(errors.count == 1 && errors[0].contains("Line[3]") && errors[0].contains("needs a UCUM code"), "\(errors)")
        #expect(try await store.rowCounts()[.vitalSigns] == 1)
    }
}
