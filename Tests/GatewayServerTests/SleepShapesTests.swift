import Foundation
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import Store
import StoreSQLite
import Testing

/// Sleep as wearables send it (issue 21): a window and the time asleep within it, or a wake-up time and
/// the time asleep; kept as two facts, mapped back out as they came, searched and scored by time asleep.
@Suite struct SleepShapesTests {
    static func sleep(_ effective: String, hours: Double) -> String {
        #"{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"activity"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"93832-4"}]},"subject":{"reference":"Patient/PATIENT"},\#(effective),"valueQuantity":{"value":\#(hours),"unit":"h","system":"http://unitsofmeasure.org","code":"h"}}"#
    }

    static let night = #""effectivePeriod":{"start":"2026-11-02T22:30:00+01:00","end":"2026-11-03T06:30:00+01:00"}"#
    static let day = #""effectivePeriod":{"start":"2026-11-04T00:00:00+01:00","end":"2026-11-05T00:00:00+01:00"}"#
    static let wakeUp = #""effectiveDateTime":"2026-11-06T07:00:00+01:00""#

    /// Creates the sleep, reads it back, and returns the stored Observation.
    static func roundTrip(_ body: String, patient: String, client: some TestClientProtocol) async throws -> [String: Any] {
        let created = try await client.fhir(.post, "Observation", body: body.replacingOccurrences(of: "PATIENT", with: patient))
        #expect(created.status == .created, "\(created.bodyText)")
        let id = try #require(created.json["id"] as? String)
        return try await client.fhir(.get, "Observation/\(id)").json
    }

    @Test func aNightInBedKeepsItsWindowAndItsTimeAsleep() async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let stored = try await Self.roundTrip(Self.sleep(Self.night, hours: 7.2), patient: patient, client: client)
            let period = stored["effectivePeriod"] as? [String: String]
            #expect(period?["start"] == "2026-11-02T22:30:00+01:00" && period?["end"] == "2026-11-03T06:30:00+01:00")
            #expect((stored["valueQuantity"] as? [String: Any])?["value"] as? Double == 7.2)
            let native = try await client.send(.get, "/api/v1/users/\(patient)/sleep")
            let row = (native.json["data"] as? [[String: Any]])?.first
            #expect(row?["asleep_minutes"] as? Double == 432 && row?["duration_minutes"] as? Double == 480, "\(native.bodyText)")
            for (query, count) in [("gt7", 1), ("gt7.5", 0), ("lt7.5", 1)] {
                let found = try await client.fhir(.get, "Observation?patient=\(patient)&code=93832-4&value-quantity=\(query)&_total=accurate")
                #expect(found.json["total"] as? Int == count, "value-quantity=\(query): \(found.bodyText)")
            }
        }
    }

    @Test func aDailyTotalAndAWakeUpTimeAreTakenAsWearablesSendThem() async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let total = try await Self.roundTrip(Self.sleep(Self.day, hours: 7.5), patient: patient, client: client)
            #expect((total["effectivePeriod"] as? [String: String])?["end"] == "2026-11-05T00:00:00+01:00")
            #expect((total["valueQuantity"] as? [String: Any])?["value"] as? Double == 7.5)
            let woke = try await Self.roundTrip(Self.sleep(Self.wakeUp, hours: 7), patient: patient, client: client)
            let period = woke["effectivePeriod"] as? [String: String]
            #expect(period?["start"] == "2026-11-06T00:00:00+01:00" && period?["end"] == "2026-11-06T07:00:00+01:00")
            #expect((woke["valueQuantity"] as? [String: Any])?["value"] as? Double == 7)
        }
    }

    @Test func timeAsleepLongerThanItsWindowIsRefused() async throws {
        try await TestGateway.run { client, store in
            let patient = try await client.createSamplePatient()
            let body = Self.sleep(Self.night, hours: 9).replacingOccurrences(of: "PATIENT", with: patient)
            OutcomeCase(path: "", status: .unprocessableContent, diagnostics: "The time asleep (9 h) is longer than effectivePeriod (8 h)",
                        expression: "Observation.valueQuantity.value").check(try await client.fhir(.post, "Observation", body: body))
            let native = try await client.send(.post, "/api/v1/users/\(patient)/sleep",
                                               json: #"{"start":"2026-11-02T22:30:00+01:00","end":"2026-11-03T06:30:00+01:00","asleep_minutes":500}"#)
            #expect(native.status == .unprocessableContent && native.error["field"] as? String == "asleep_minutes", "\(native.bodyText)")
            #expect(try await store.rowCounts()[.sleep] == 0)
        }
    }

    /// Through `$import`: a daily total and a wake-up time go in; a time asleep longer than its window
    /// fails that line alone.
    @Test func anImportTakesWearableSleepAndFailsAnImpossibleLineAlone() async throws {
        let patient = #"{"resourceType":"Patient","id":"w1","identifier":[{"system":"urn:mrn","value":"W1"}]}"#
        let lines = [patient, Self.sleep(Self.day, hours: 7.5), Self.sleep(Self.wakeUp, hours: 6.5), Self.sleep(Self.night, hours: 9)]
            .map { $0.replacingOccurrences(of: "PATIENT", with: "w1") }
        let (job, errors, store) = try await ImportJobTests.importing(lines)
        #expect(job.counts.total(of: "Observation").imported == 2)
        #expect(job.counts.total.failed == 1)
        #expect(errors.count == 1 && errors[0].contains("Line[4]") && errors[0].contains("longer than effectivePeriod"), "\(errors)")
        #expect(try await store.rowCounts()[.sleep] == 2)
    }
}
