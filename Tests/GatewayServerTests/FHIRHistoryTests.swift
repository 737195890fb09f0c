import Foundation
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// vread and instance history (http://hl7.org/fhir/R4/http.html#vread, #history).
@Suite struct FHIRHistoryTests {
    static func entries(_ bundle: TestResponse) -> [(method: String, etag: String, birthDate: String?)] {
        (bundle.json["entry"] as? [[String: Any]] ?? []).map { entry in
            let request = entry["request"] as? [String: Any]
            let response = entry["response"] as? [String: Any]
            return (request?["method"] as? String ?? "", response?["etag"] as? String ?? "",
                    (entry["resource"] as? [String: Any])?["birthDate"] as? String)
        }
    }

    /// Creates a Patient and updates its birth date three times: versions 1 to 4.
    static func patientWithFourVersions(_ client: some TestClientProtocol) async throws -> String {
        let id = try await client.createSamplePatient()
        for day in ["03", "04", "05"] {
            var patient = try await client.fhir(.get, "Patient/\(id)").json
            patient["birthDate"] = "1979-06-\(day)"
            let body = String(decoding: try JSONSerialization.data(withJSONObject: patient), as: UTF8.self)
            #expect(try await client.fhir(.put, "Patient/\(id)", body: body).status == .ok)
        }
        return id
    }

    @Test func everyVersionCanBeReadAndADeletedOneIsGone() async throws {
        try await TestGateway.run { client, _ in
            let id = try await Self.patientWithFourVersions(client)
            for (version, birthDate) in zip(1...4, ["1979-06-02", "1979-06-03", "1979-06-04", "1979-06-05"]) {
                let read = try await client.fhir(.get, "Patient/\(id)/_history/\(version)")
                #expect(read.status == .ok)
                #expect(read.headers[.eTag] == "W/\"\(version)\"")
                #expect(read.json["birthDate"] as? String == birthDate)
                #expect((read.json["meta"] as? [String: Any])?["versionId"] as? String == String(version))
            }
            let xml = try await client.fhir(.get, "Patient/\(id)/_history/2?_format=xml")
            #expect(xml.bodyText.contains(#"<birthDate value="1979-06-03"/>"#))
            let unknown = try await client.fhir(.get, "Patient/\(id)/_history/9")
            #expect(unknown.status == .notFound)
            #expect(unknown.firstIssue.diagnostics == "Patient/\(id) has no version 9 (history keeps versions for a limited time)")
            #expect(try await client.fhir(.delete, "Patient/\(id)").status == .ok)
            let deletion = try await client.fhir(.get, "Patient/\(id)/_history/5")
            #expect(deletion.status == .gone)
            #expect(deletion.firstIssue.code == "deleted")
            #expect(try await client.fhir(.get, "Patient/\(id)/_history/4").json["birthDate"] as? String == "1979-06-05",
                    "the versions before a deletion stay readable")
        }
    }

    @Test func instanceHistoryListsEveryVersionNewestFirstWithTheDeletion() async throws {
        try await TestGateway.run { client, _ in
            let id = try await Self.patientWithFourVersions(client)
            #expect(try await client.fhir(.delete, "Patient/\(id)").status == .ok)
            let history = try await client.fhir(.get, "Patient/\(id)/_history")
            #expect(history.status == .ok)
            #expect(history.json["type"] as? String == "history")
            let entries = Self.entries(history)
            #expect(entries.map(\.method) == ["DELETE", "PUT", "PUT", "PUT", "POST"])
            #expect(entries.map(\.etag) == (1...5).reversed().map { "W/\"\($0)\"" })
            #expect(entries.map(\.birthDate) == [nil, "1979-06-05", "1979-06-04", "1979-06-03", "1979-06-02"])
        }
    }

    @Test func historyPagesWithCursorsAndFiltersBySinceAndAt() async throws {
        try await TestGateway.run { client, store in
            let id = try await Self.patientWithFourVersions(client)
            var seen: [String] = []
            var next: String? = "Patient/\(id)/_history?_count=3"
            while let page = next {
                let response = try await client.fhir(.get, page)
                #expect(response.status == .ok)
                seen += Self.entries(response).map(\.etag)
                let links = response.json["link"] as? [[String: Any]] ?? []
                next = (links.first { $0["relation"] as? String == "next" }?["url"] as? String)
                    .map { String($0[$0.range(of: "/fhir/")!.upperBound...]) }
            }
            #expect(seen == ["W/\"4\"", "W/\"3\"", "W/\"2\"", "W/\"1\""])

            let versions = try await store.history(of: .users, id: Int64(id) ?? 0, page: PageRequest(limit: 10)).items
            let third = try #require(versions.first { $0.version == 3 }).meta.updatedAt
            let since = try await client.fhir(.get, "Patient/\(id)/_history?_since=\(third.millisecondsSince1970 == 0 ? "" : FHIRTimeText.instant(third.adding(milliseconds: -1)))")
            #expect(Self.entries(since).map(\.etag).allSatisfy { ["W/\"3\"", "W/\"4\""].contains($0) })
            #expect(Self.entries(since).contains { $0.etag == "W/\"3\"" })
            let at = try await client.fhir(.get, "Patient/\(id)/_history?_at=\(FHIRTimeText.instant(third))")
            #expect(Self.entries(at).count == 1)
        }
    }

    /// An activity row holds several Observations: removing one value is that Observation's deletion,
    /// and the others live on.
    @Test func anActivityValueHasItsOwnHistory() async throws {
        try await TestGateway.run { client, _ in
            let userID = try #require(try await client.send(.post, "/api/v1/users", json: Bodies.user).json["id"] as? Int)
            let row = try #require(try await client.send(.post, "/api/v1/users/\(userID)/activities",
                                                         json: Bodies.activity).json["id"] as? Int)
            #expect(try await client.fhir(.delete, "Observation/act-\(row)-steps").status == .ok)
            let steps = try await client.fhir(.get, "Observation/act-\(row)-steps/_history")
            #expect(Self.entries(steps).map(\.method) == ["DELETE", "POST"])
            let energy = try await client.fhir(.get, "Observation/act-\(row)-active-energy/_history")
            #expect(Self.entries(energy).map(\.method) == ["PUT", "POST"])
            #expect(try await client.fhir(.get, "Observation/act-\(row)-steps/_history/1").status == .ok)
            #expect(try await client.fhir(.get, "Observation/act-\(row)-steps/_history/2").status == .gone)
        }
    }

    static func tick() async throws { try await Task.sleep(for: .milliseconds(3)) }

    static func methodsAndAddresses(_ bundle: TestResponse) -> [String] {
        (bundle.json["entry"] as? [[String: Any]] ?? []).map { entry in
            let request = entry["request"] as? [String: Any]
            let url = (entry["fullUrl"] as? String).map { String($0.split(separator: "/").suffix(2).joined(separator: "/")) } ?? ""
            return "\(request?["method"] as? String ?? "") \(url)"
        }
    }

    /// Incremental sync: `_since` gives exactly what changed after a point in time, at type and system level.
    @Test func typeAndSystemHistoryGiveWhatChangedSince() async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            // The mark is the server's own time of the Patient's creation: what changed after it follows.
            let created = try await client.fhir(.get, "Patient/\(patient)").json["meta"] as? [String: Any]
            let since = try #require(created?["lastUpdated"] as? String).replacingOccurrences(of: "+", with: "%2B")
            try await Self.tick()
            let lab = try await client.fhir(.post, "Observation", body: try FHIRSamples.observation("observation-hba1c.json", patient: patient))
            let labID = try #require(lab.json["id"] as? String)
            try await Self.tick()
            var changed = try await client.fhir(.get, "Patient/\(patient)").json
            changed["birthDate"] = "1979-06-09"
            #expect(try await client.fhir(.put, "Patient/\(patient)",
                                          body: String(decoding: try JSONSerialization.data(withJSONObject: changed), as: UTF8.self)).status == .ok)
            try await Self.tick()
            #expect(try await client.fhir(.delete, "Observation/\(labID)").status == .ok)

            let patients = try await client.fhir(.get, "Patient/_history?_since=\(since)")
            #expect(Self.methodsAndAddresses(patients) == ["PUT Patient/\(patient)"])
            let observations = try await client.fhir(.get, "Observation/_history?_since=\(since)")
            #expect(Self.methodsAndAddresses(observations) == ["DELETE Observation/\(labID)", "POST Observation/\(labID)"])
            let system = try await client.fhir(.get, "_history?_since=\(since)")
            #expect(Self.methodsAndAddresses(system) == ["DELETE Observation/\(labID)", "PUT Patient/\(patient)",
                                                         "POST Observation/\(labID)"])
            let all = try await client.fhir(.get, "_history")
            #expect(Self.methodsAndAddresses(all).last == "POST Patient/\(patient)")
            let then = try await client.fhir(.get, "Patient/_history?_at=\(since)")
            #expect(Self.methodsAndAddresses(then) == ["POST Patient/\(patient)"], "the version current at the mark")
            let xml = try await client.fhir(.get, "_history?_since=\(since)&_format=xml")
            #expect(xml.bodyText.contains(#"<method value="DELETE"/>"#))
        }
    }

    @Test func systemHistoryPagesThroughEveryChangeOnce() async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            for file in try FHIRSamples.observationFiles().prefix(6) {
                #expect(try await client.fhir(.post, "Observation", body: try FHIRSamples.observation(file, patient: patient))
                    .status == .created)
            }
            let everything = Self.methodsAndAddresses(try await client.fhir(.get, "_history?_count=1000"))
            #expect(everything.count == 7)
            var seen: [String] = []
            var next: String? = "_history?_count=2"
            while let page = next {
                let response = try await client.fhir(.get, page)
                #expect(response.status == .ok)
                seen += Self.methodsAndAddresses(response)
                let links = response.json["link"] as? [[String: Any]] ?? []
                next = (links.first { $0["relation"] as? String == "next" }?["url"] as? String)
                    .map { String($0[$0.range(of: "/fhir/")!.upperBound...]) }
            }
            #expect(seen == everything)
        }
    }

    @Test(arguments: [("_count=0", "_count must be a number from 1 to 1000, not '0'"),
                      ("_since=yesterday", "_since must be an instant like 2026-11-22T08:00:00Z, not 'yesterday'"),
                      ("_sort=x", "'_sort' is not a parameter of history; use _count, _since, _at"),
                      ("_cursor=zz", "_cursor 'zz' is not a cursor of this server: follow the Bundle's next link")])
    func badHistoryParametersAreRefused(query: String, message: String) async throws {
        try await TestGateway.run { client, _ in
            let id = try await client.createSamplePatient()
            let response = try await client.fhir(.get, "Patient/\(id)/_history?\(query)")
            #expect(response.status == .badRequest)
            #expect(response.firstIssue.diagnostics == message)
        }
    }
}

/// FHIR instants for query strings.
enum FHIRTimeText {
    static func instant(_ time: Instant) -> String { time.description.replacingOccurrences(of: "+", with: "%2B") }
}
