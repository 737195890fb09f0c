import AuthTestSupport
import FHIRTestSupport
import Foundation
import GatewayServer
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NativeModel
import Store
import Testing

/// The audit trail over HTTP (issue 23): every interaction leaves one record with the right fields and
/// no names or values; a write's record is in its own transaction and a failed write leaves only its
/// failure record; refusals are recorded; the trail reads back as valid AuditEvents, to an explicit
/// `system/AuditEvent.rs` only.
@Suite struct AuditTrailTests {
    static func audited(_ configuration: inout GatewayConfiguration) {
        configuration.audit = try? AuditSettings(batchInterval: nil)
    }

    /// The records, oldest first.
    static func trail(_ store: any HealthStore) async throws -> [AuditRecord] {
        try await store.auditRecords(AuditQuery(limit: 1_000)).map(\.record).reversed()
    }

    static func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, fhir body: String? = nil)
        async throws -> TestResponse
    {
        try await client.send(method, uri, json: body, contentType: "application/fhir+json")
    }

    @Test func everyInteractionLeavesOneRecordWithItsFields() async throws {
        try await TestGateway.run(configure: Self.audited) { client, store in
            let created = try await Self.send(client, .post, "/fhir/Patient", fhir: BundleTests.patient("Silva", mrn: "MRN-5"))
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            let observation = try await Self.send(client, .post, "/fhir/Observation",
                                                  fhir: BundleTests.glucose(97, subject: "Patient/\(id)"))
            let lab = try #require(observation.json["id"] as? String)
            _ = try await Self.send(client, .get, "/fhir/Patient/\(id)")
            _ = try await Self.send(client, .get, "/fhir/Patient/\(id)/_history/1")
            _ = try await Self.send(client, .get, "/fhir/Observation?patient=\(id)&code=2339-0&_include=Observation:subject")
            _ = try await Self.send(client, .get, "/fhir/Patient/\(id)/_history")
            _ = try await Self.send(client, .put, "/fhir/Patient/\(id)", fhir: BundleTests.patient("Silva", mrn: "MRN-5", id: id))
            let transaction = try await Self.send(client, .post, "/fhir", fhir: BundleTests.bundle("transaction", [
                BundleTests.entry("POST", "Observation", BundleTests.steps(9120, subject: "Patient/\(id)")),
                BundleTests.entry("POST", "Observation", BundleTests.glucose(88, subject: "Patient/\(id)")),
            ]))
            #expect(transaction.status == .ok)
            _ = try await Self.send(client, .post, "/fhir", fhir: BundleTests.bundle("batch", [
                BundleTests.entry("GET", "Patient/\(id)"),
            ]))
            _ = try await Self.send(client, .delete, "/fhir/Observation/\(lab)")
            let native = try await client.send(.post, "/api/v1/users", json: Bodies.user)
            let user = try #require(native.json["id"] as? Int)
            _ = try await client.send(.get, "/api/v1/users/\(user)")
            _ = try await client.send(.patch, "/api/v1/users/\(user)", json: #"{"phone":null}"#)
            _ = try await client.send(.get, "/api/v1/users?limit=5")
            _ = try await client.send(.delete, "/api/v1/users/\(user)")

            let trail = try await Self.trail(store)
            let seen = trail.map { "\($0.interaction) \($0.status)" }
            #expect(seen == [
                "create 201", "create 201", "read 200", "vread 200", "search-type 200", "history-instance 200", "update 200",
                "transaction 200", "batch 200", "delete 200", "native-create 201", "native-read 200", "native-patch 200",
                "native-search 200", "native-delete 204",
            ])
            #expect(trail[0].entities == ["Patient/\(id)"] && trail[0].patients == [id])
            #expect(trail[1].entities == ["Observation/\(lab)"] && trail[1].patients == [id])
            #expect(trail[4].entities.contains("Observation/\(lab)") && trail[4].entities.contains("Patient/\(id)"))
            #expect(trail[4].parameters == ["patient", "code", "_include"])
            #expect(trail[7].entities.count >= 2 && trail[7].entities.allSatisfy { $0.hasPrefix("Observation/") })
            #expect(trail[8].entities == ["Patient/\(id)"])
            #expect(trail[11].entities == ["Patient/\(user)"])
            #expect(Set(trail.map(\.requestID)).count == trail.count)
            for record in trail {
                #expect(record.source == nil || !record.source!.isEmpty)
                #expect(record.durationMicroseconds >= 0)
                #expect(record.recordedAt == TestGateway.now)
            }
            // Ids only: no name, email, phone, identifier, search value or measured value.
            let text = trail.map { record in
                ([record.interaction, record.resourceType, record.clientID, record.subject, record.fhirUser, record.source]
                    .compactMap { $0 } + record.entities + record.patients + record.parameters).joined(separator: " ")
            }.joined(separator: "\n")
            for secret in ["Silva", "Ana", "MRN-5", "ana.silva", "555", "2339-0", "97", "88", "9120", "female"] {
                #expect(!text.contains(secret), "\(secret)")
            }
            let chain = try await store.auditChain(after: 0, limit: 100)
            var link = (sequence: Int64(0), hash: AuditChain.genesis)
            for record in chain.records {
                #expect(AuditChain.follows(record, sequence: link.sequence, hash: link.hash))
                link = (record.sequence, record.hash)
            }
        }
    }

    @Test func aFailedWriteLeavesItsFailureRecordAndNoData() async throws {
        try await TestGateway.run(configure: Self.audited) { client, store in
            let refused = try await Self.send(client, .post, "/fhir/Observation", fhir: BundleTests.glucose(97, subject: "Patient/404"))
            #expect(refused.status.code >= 400 && refused.status.code < 500)
            let rolledBack = try await Self.send(client, .post, "/fhir", fhir: BundleTests.bundle("transaction", [
                BundleTests.entry("POST", "Patient", BundleTests.patient("Costa")),
                BundleTests.entry("DELETE", "Patient/999"),
                BundleTests.entry("PUT", "Patient/998", BundleTests.patient("Costa", id: "997")),
            ]))
            #expect(rolledBack.status.code >= 400)
            #expect(try await store.users(PageRequest(limit: 10)).items.isEmpty)
            let trail = try await Self.trail(store)
            #expect(trail.map(\.interaction) == ["create", "transaction"])
            #expect(trail.map(\.status) == [Int(refused.status.code), Int(rolledBack.status.code)])
            #expect(trail.allSatisfy { $0.entities.isEmpty })
        }
    }

    @Test func refusalsAndTokenRequestsAreRecordedWithTheirCaller() async throws {
        try await AuthGateway.run(configure: Self.audited) { client, store in
            try await BackendServicesTests.register(store)
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .none).status == .unauthorized)
            #expect(try await client.call(.get, "/fhir/Patient/2", token: .patientOwn).status == .notFound)
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .patientOwn).status == .ok)
            #expect(try await BackendServicesTests.post(client, try await BackendServicesTests.form()).status == .ok)
            let trail = try await Self.trail(store)
            #expect(trail.map { "\($0.interaction) \($0.status)" } == ["read 401", "read 404", "read 200", "token 200"])
            #expect(trail[0].clientID == nil && trail[0].subject == nil)
            #expect(trail[1].entities.isEmpty)  // nothing shown: another patient's record stays unnamed
            #expect(trail[2].clientID == "test-app" && trail[2].subject == "test-user" && trail[2].entities == ["Patient/1"])
            #expect(trail[3].clientID == "etl" && trail[3].parameters.isEmpty)
        }
    }

    @Test func theTrailIsReadAsValidAuditEventsWithAnExplicitScopeOnly() async throws {
        try await AuthGateway.run(configure: Self.audited) { client, store in
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .system).status == .ok)
            #expect(try await client.call(.get, "/fhir/Observation?patient=1", token: .system).status == .ok)
            for token in [AuthGateway.Token.patientOwn, .userPatient, .system] {
                let refused = try await client.call(.get, "/fhir/AuditEvent", token: token)
                #expect(refused.status == .forbidden, "\(token)")
                #expect(refused.bodyText.contains("system/AuditEvent.rs"))
            }
            let exp = AuthGateway.now.timeIntervalSince1970 + 600
            let auditor = "Bearer " + (try await AuthGateway.idp.token(TestTokenClaims(exp: exp, scope: "system/AuditEvent.rs",
                                                                                         clientID: "siem")))
            func get(_ path: String) async throws -> TestResponse {
                try await client.execute(uri: path, method: .get, headers: [.authorization: auditor])
            }
            let all = try await get("/fhir/AuditEvent?_count=2")
            #expect(all.status == .ok)
            let entries = all.json["entry"] as? [[String: Any]] ?? []
            #expect(entries.count == 2)
            let next = try #require(((all.json["link"] as? [[String: Any]])?.first { $0["relation"] as? String == "next" })?["url"]
                as? String)
            let rest = try await get(String(next[next.range(of: "/fhir")!.lowerBound...]))
            #expect((rest.json["entry"] as? [[String: Any]] ?? []).count >= 1)
            let byPatient = try await get("/fhir/AuditEvent?patient=Patient/1&entity=Observation/lab-1&agent=test-app")
            #expect((byPatient.json["entry"] as? [[String: Any]] ?? []).count == 1)
            #expect(try await get("/fhir/AuditEvent?date=ge2026-11-20&date=lt2026-11-21").status == .ok)
            let badDate = try await get("/fhir/AuditEvent?date=yesterday")
            #expect(badDate.status == .badRequest)
            #expect(badDate.bodyText.contains("\"expression\":[\"date\"]"))
            #expect(try await get("/fhir/AuditEvent?name=x").status == .badRequest)
            let one = try await get("/fhir/AuditEvent/1")
            #expect(one.status == .ok && one.json["resourceType"] as? String == "AuditEvent")
            #expect(try await get("/fhir/AuditEvent/99999").status == .notFound)
            var corpus = SchemaCorpus()
            corpus.add(all)
            corpus.add(one)
            #expect(try corpus.problems() == [])
            let xml = try await get("/fhir/AuditEvent?_format=xml&_count=5")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).xml")
            try Data(xml.body.readableBytesView).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try FHIRXMLSchema.problems(in: [file]) == [])
            // The auditor's own reads are in the trail too.
            #expect(try await store.auditRecords(AuditQuery(agent: "siem")).count >= 5)
        }
    }
}
