import Foundation
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

@Suite struct UsersAPITests {
    @Test func aUserIsCreatedReadReplacedPatchedAndDeleted() async throws {
        try await TestGateway.run { client, _ in
            let created = try await client.send(.post, "/api/v1/users", json: Bodies.user)
            #expect(created.status == .created)
            #expect(created.headers[.contentType] == "application/json")
            let id = try #require(created.json["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/users/\(id)")
            #expect(created.json["version"] as? Int == 1)
            #expect(created.json["birth_date"] as? String == "1984-03-09")
            #expect((created.json["identifiers"] as? [[String: String]])?.first?["value"] == "MRN-77")

            let read = try await client.send(.get, "/api/v1/users/\(id)")
            #expect(read.status == .ok)
            #expect(read.bodyText == created.bodyText)

            let replaced = try await client.send(.put, "/api/v1/users/\(id)", json: #"{"email":"ana@example.org","family_name":"Silva"}"#)
            #expect(replaced.status == .ok)
            #expect(replaced.json["version"] as? Int == 2)
            #expect(replaced.json["given_name"] == nil, "PUT replaces the whole record")
            #expect((replaced.json["identifiers"] as? [Any])?.isEmpty == true)

            let patched = try await client.send(.patch, "/api/v1/users/\(id)",
                                                json: #"{"given_name":"Ana Maria","family_name":null}"#,
                                                contentType: "application/merge-patch+json")
            #expect(patched.status == .ok)
            #expect(patched.json["version"] as? Int == 3)
            #expect(patched.json["given_name"] as? String == "Ana Maria")
            #expect(patched.json["family_name"] == nil, "null removes a member")
            #expect(patched.json["email"] as? String == "ana@example.org", "members not in the patch stay")

            let deleted = try await client.send(.delete, "/api/v1/users/\(id)")
            #expect(deleted.status == .noContent)
            let gone = try await client.send(.get, "/api/v1/users/\(id)")
            #expect(gone.status == .notFound)
            #expect(gone.error["code"] as? String == "not_found")
            #expect(gone.error["message"] as? String == "user \(id) does not exist")
        }
    }

    /// A merge patch without If-Match is not conditional: concurrent patches all apply, one version each.
    @Test func concurrentPatchesOfOneUserAllApply() async throws {
        try await TestGateway.run { client, store in
            let id = try #require(try await client.send(.post, "/api/v1/users", json: Bodies.user).json["id"] as? Int)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for n in 0..<8 {
                    group.addTask { try await client.send(.patch, "/api/v1/users/\(id)", json: #"{"given_name":"N\#(n)"}"#).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses)")
            #expect(try await store.user(id: Int64(id))?.meta.version == 9)
            let history = try await store.history(of: .users, id: Int64(id), page: PageRequest(limit: 100)).items
            #expect(history.map(\.version) == Array((1...9).reversed()))
        }
    }

    @Test func listingWalksEveryUserOnceThroughCursors() async throws {
        try await TestGateway.run { client, _ in
            for n in 0..<7 {
                _ = try await client.send(.post, "/api/v1/users", json: #"{"email":"u\#(n)@example.org"}"#)
            }
            var ids: [Int] = []
            var uri: String? = "/api/v1/users?limit=3"
            var pages = 0
            while let next = uri {
                let page = try await client.send(.get, next)
                #expect(page.status == .ok)
                ids += page.items.compactMap { $0["id"] as? Int }
                uri = page.json["next"] as? String
                #expect((page.json["next_cursor"] as? String != nil) == (uri != nil))
                pages += 1
            }
            #expect(pages == 3)
            #expect(ids == Array(1...7))
        }
    }

    @Test func deletingAUserCascadesToAllTheirMeasurements() async throws {
        try await TestGateway.run { client, store in
            let id = try #require(try await client.send(.post, "/api/v1/users", json: Bodies.user).json["id"] as? Int)
            let other = try #require(try await client.send(.post, "/api/v1/users", json: #"{"email":"other@example.org"}"#).json["id"] as? Int)
            for (path, body) in [("activities", Bodies.activity), ("sleep", Bodies.sleep), ("blood-tests", Bodies.bloodTest),
                                 ("vitals", Bodies.vital)] {
                #expect(try await client.send(.post, "/api/v1/users/\(id)/\(path)", json: body).status == .created)
                #expect(try await client.send(.post, "/api/v1/users/\(other)/\(path)", json: body).status == .created)
            }
            #expect(try await client.send(.delete, "/api/v1/users/\(id)").status == .noContent)
            let counts = try await store.rowCounts()
            #expect(counts[.users] == 1)
            #expect(counts[.userIdentifiers] == 0)
            for table in NativeTable.measurementTables { #expect(counts[table] == 1, "\(table)") }
            #expect(try await client.send(.get, "/api/v1/users/\(id)/sleep").status == .notFound)
        }
    }

    /// Families share an email: it is a way to reach a user, not a key, and a second user with it is
    /// stored like any other.
    @Test func aSecondUserWithTheSameEmailIsStoredToo() async throws {
        try await TestGateway.run { client, store in
            let first = try await client.send(.post, "/api/v1/users", json: Bodies.user)
            #expect(first.status == .created)
            let second = try await client.send(.post, "/api/v1/users", json: #"{"email":"Ana.Silva@example.org","given_name":"Rita"}"#)
            #expect(second.status == .created, "\(second.bodyText)")
            #expect(second.json["email"] as? String == "Ana.Silva@example.org")
            #expect(second.json["id"] as? Int != first.json["id"] as? Int)
            #expect(try await store.rowCounts()[.users] == 2)
        }
    }
}
