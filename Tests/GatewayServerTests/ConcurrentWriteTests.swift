import Foundation
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// Several Observations are views of one native row (an activity row holds steps, distance, energy
/// and active time). Clients writing them at the same time must never lose each other's write: every
/// write answered with success is there when read back (http://hl7.org/fhir/R4/http.html#concurrency
/// makes version-aware updates optional; losing a write the server acknowledged is never allowed).
@Suite struct ConcurrentWriteTests {
    static let rounds = 40
    static let measures = ["steps", "walking-distance", "active-energy", "exercise-duration"]

    /// An activity row with every value set, owned by a new Patient; the Patient's and the row's ids.
    static func activityRow(_ store: some HealthStore) async throws -> (patient: Int64, row: Int64) {
        let user = try await store.apply([.createUser(UserRecord(familyName: "Row"))])[0].id
        let start = try #require(OffsetDateTime(parsing: "2026-11-10T00:00:00+01:00"))
        let span = TimeSpan(start: start, end: start.instant.adding(minutes: 1440))
        let row = try await store.apply([.createMeasurement(
            ActivityRecord(span: span, steps: 1, distanceMeters: 1, activeMinutes: 1, energyKilocalories: 1), owner: .id(user))])[0].id
        return (user, row)
    }

    /// The Observation of one value of the row, with `value`.
    static func observation(_ measure: String, _ row: (patient: Int64, row: Int64), value: Int) throws -> String {
        let sample = try FHIRSamples.text("observation-\(measure).json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(sample.utf8)) as? [String: Any])
        object["id"] = "act-\(row.row)-\(measure)"
        object["subject"] = ["reference": "Patient/\(row.patient)"]
        object["effectivePeriod"] = ["start": "2026-11-10T00:00:00+01:00", "end": "2026-11-11T00:00:00+01:00"]
        var quantity = try #require(object["valueQuantity"] as? [String: Any])
        quantity["value"] = value
        if quantity["code"] as? String == "km" { (quantity["code"], quantity["unit"]) = ("m", "m") }  // read back as sent
        object["valueQuantity"] = quantity
        object.removeValue(forKey: "identifier")
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    static func value(_ response: TestResponse) -> Int? {
        (response.json["valueQuantity"] as? [String: Any])?["value"] as? Int
    }

    /// Four clients update the four values of one row at once, round after round: each value read
    /// back is the last one its client was told was stored.
    @Test func concurrentUpdatesOfOneRowAllSurvive() async throws {
        try await TestGateway.run { client, store in
            let row = try await Self.activityRow(store)
            for round in 1...Self.rounds {
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for (index, measure) in Self.measures.enumerated() {
                        let body = try Self.observation(measure, row, value: round * 10 + index)
                        group.addTask { try await client.fhir(.put, "Observation/act-\(row.row)-\(measure)", body: body).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == .ok }, "round \(round): \(statuses)")
                for (index, measure) in Self.measures.enumerated() {
                    let read = try await client.fhir(.get, "Observation/act-\(row.row)-\(measure)")
                    #expect(Self.value(read) == round * 10 + index, "round \(round), \(measure): \(read.bodyText)")
                }
            }
        }
    }

    /// One client deletes a value while others update the rest: the deletion and every update hold.
    @Test func aDeletionAndConcurrentUpdatesOfOneRowAllHold() async throws {
        try await TestGateway.run { client, store in
            for round in 1...Self.rounds / 4 {
                let row = try await Self.activityRow(store)
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    group.addTask { try await client.fhir(.delete, "Observation/act-\(row.row)-steps").status }
                    for measure in Self.measures.dropFirst() {
                        let body = try Self.observation(measure, row, value: round + 100)
                        group.addTask { try await client.fhir(.put, "Observation/act-\(row.row)-\(measure)", body: body).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0 == .ok }, "round \(round): \(statuses)")
                #expect(try await client.fhir(.get, "Observation/act-\(row.row)-steps").status == .gone)
                for measure in Self.measures.dropFirst() {
                    #expect(Self.value(try await client.fhir(.get, "Observation/act-\(row.row)-\(measure)")) == round + 100,
                            "round \(round), \(measure)")
                }
            }
        }
    }

    /// An If-Match with a version that is no longer current is refused at once (412), never retried
    /// into a write over a change the client has not seen.
    @Test func aStaleIfMatchIsRefusedNotRetried() async throws {
        try await TestGateway.run { client, store in
            let row = try await Self.activityRow(store)
            let first = try await client.fhir(.put, "Observation/act-\(row.row)-steps", body: try Self.observation("steps", row, value: 5))
            #expect(first.status == .ok)
            let stale = try await client.fhir(.put, "Observation/act-\(row.row)-walking-distance",
                                              body: try Self.observation("walking-distance", row, value: 7),
                                              headers: ["If-Match": #"W/"1""#])
            #expect(stale.status == .preconditionFailed, "\(stale.bodyText)")
            #expect(stale.firstIssue.diagnostics == "If-Match names version 1; the current version is 2", "\(stale.bodyText)")
            let current = try await client.fhir(.put, "Observation/act-\(row.row)-walking-distance",
                                                body: try Self.observation("walking-distance", row, value: 7),
                                                headers: ["If-Match": #"W/"2""#])
            #expect(current.status == .ok, "\(current.bodyText)")
        }
    }
}
