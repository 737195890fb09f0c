import Foundation
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

@Suite struct MeasurementsAPITests {
    struct Kind: Sendable, CustomTestStringConvertible {
        var path: String
        var body: String
        /// A member to change with PATCH, and its new JSON value.
        var patchKey: String
        var patchValue: String
        var testDescription: String { path }
    }

    static let kinds = [
        Kind(path: "activities", body: Bodies.activity, patchKey: "steps", patchValue: "10500"),
        Kind(path: "sleep", body: Bodies.sleep, patchKey: "deep_minutes", patchValue: "70"),
        Kind(path: "blood-tests", body: Bodies.bloodTest, patchKey: "value", patchValue: "101"),
        Kind(path: "vitals", body: Bodies.vital, patchKey: "systolic", patchValue: "131"),
    ]

    @Test(arguments: kinds)
    func aMeasurementIsCreatedReadReplacedPatchedAndDeleted(kind: Kind) async throws {
        try await TestGateway.run { client, _ in
            let userID = try #require(try await client.send(.post, "/api/v1/users", json: Bodies.user).json["id"] as? Int)
            let base = "/api/v1/users/\(userID)/\(kind.path)"
            let created = try await client.send(.post, base, json: kind.body)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.headers[.location] == "\(base)/\(id)")
            #expect(created.json["user_id"] as? Int == userID)
            #expect(created.json["source"] as? String == "app")

            let read = try await client.send(.get, "\(base)/\(id)")
            #expect(read.status == .ok)
            #expect(read.bodyText == created.bodyText)

            let replaced = try await client.send(.put, "\(base)/\(id)", json: kind.body)
            #expect(replaced.status == .ok)
            #expect(replaced.json["version"] as? Int == 2)

            let patched = try await client.send(.patch, "\(base)/\(id)", json: #"{"\#(kind.patchKey)":\#(kind.patchValue)}"#)
            #expect(patched.status == .ok)
            #expect(patched.json["version"] as? Int == 3)
            #expect((patched.json[kind.patchKey] as? NSNumber)?.stringValue == kind.patchValue)

            #expect(try await client.send(.delete, "\(base)/\(id)").status == .noContent)
            let gone = try await client.send(.get, "\(base)/\(id)")
            #expect(gone.status == .notFound)
            #expect(gone.error["code"] as? String == "not_found")
        }
    }

    @Test func aTimeRangeSelectsFromInclusiveToExclusiveAndPagesWithIt() async throws {
        try await TestGateway.run { client, _ in
            let userID = try #require(try await client.send(.post, "/api/v1/users", json: Bodies.user).json["id"] as? Int)
            for day in 1...9 {
                let body = #"{"measured_at":"2026-11-0\#(day)T07:00:00Z","kind":"heart_rate","value":\#(60 + day)}"#
                #expect(try await client.send(.post, "/api/v1/users/\(userID)/vitals", json: body).status == .created)
            }
            let first = try await client.send(.get, "/api/v1/users/\(userID)/vitals?from=2026-11-03&to=2026-11-08T07:00:00Z&limit=3")
            #expect(first.status == .ok)
            #expect(first.items.compactMap { $0["value"] as? Int } == [63, 64, 65])
            let next = try #require(first.json["next"] as? String)
            #expect(next.contains("from=2026-11-03") && next.contains("limit=3"))
            let second = try await client.send(.get, next)
            #expect(second.items.compactMap { $0["value"] as? Int } == [66, 67])
            #expect(second.json["next"] == nil)
        }
    }

    @Test(arguments: kinds)
    func aMeasurementIsOnlyReachableUnderItsOwnUser(kind: Kind) async throws {
        try await TestGateway.run { client, store in
            let owner = try #require(try await client.send(.post, "/api/v1/users", json: Bodies.user).json["id"] as? Int)
            let stranger = try #require(try await client.send(.post, "/api/v1/users", json: #"{"email":"s@example.org"}"#).json["id"] as? Int)
            let id = try #require(try await client.send(.post, "/api/v1/users/\(owner)/\(kind.path)", json: kind.body).json["id"] as? Int)
            let before = try await store.rowCounts()
            let path = "/api/v1/users/\(stranger)/\(kind.path)/\(id)"
            for response in [try await client.send(.get, path), try await client.send(.put, path, json: kind.body),
                             try await client.send(.patch, path, json: "{}"), try await client.send(.delete, path)] {
                #expect(response.status == .notFound)
                #expect(response.error["code"] as? String == "not_found")
            }
            #expect(try await store.rowCounts() == before)
            #expect(try await client.send(.get, "/api/v1/users/\(owner)/\(kind.path)/\(id)").json["version"] as? Int == 1)
        }
    }
}
