import FHIRTestSupport
import Foundation
import GatewayServer
import HTTPTypes
import HummingbirdTesting
import Interactions
import NativeModel
import PopulationGenerator
import Store
import StoreSQLite
import Testing

/// What the server emits is valid FHIR R4, what it says it supports is what it does, and the
/// official examples get either stored or a precise refusal.
@Suite struct FHIRConformanceTests {
    /// Every Sample as FHIR (all Patients and all their Observations), the CapabilityStatement, the
    /// profiles, the answers to Samples/fhir and every error outcome validate against fhir.schema.json.
    @Test func everythingTheServerEmitsIsValidFHIR() async throws {
        try await TestGateway.run { client, store in
            _ = try await SampleSeeder.seedIfNew(store, from: FHIRSchema.repository.appendingPathComponent(
                "Samples/population.ndjson").path)
            var corpus = SchemaCorpus()
            var users = 0
            var observations = 0
            for user in try await store.users(PageRequest(limit: 1000)).items {
                let patient = try await client.fhir(.get, "Patient/\(user.id)")
                #expect(patient.status == .ok)
                corpus.add(patient)
                users += 1
                for id in try await Self.observationIDs(of: user.id, in: store) {
                    let observation = try await client.fhir(.get, "Observation/\(id)")
                    #expect(observation.status == .ok, "\(id)")
                    corpus.add(observation)
                    observations += 1
                }
            }
            #expect(users == 30)
            #expect(observations > 2_000)
            corpus.add(try await client.fhir(.get, "metadata"))
            corpus.add(try await client.fhir(.get, "_history?_count=200"))
            corpus.add(try await client.fhir(.get, "Patient/1/_history"))
            for (address, _) in ProfileCatalog.resources { corpus.add(try await client.fhir(.get, address)) }
            let patient = try await client.createSamplePatient()
            for file in try FHIRSamples.observationFiles() {
                let body = try FHIRSamples.observation(file, patient: patient)
                corpus.add(try await client.fhir(.post, "Observation", body: body))
                corpus.add(try await client.fhir(.post, "Observation", body: body, headers: ["Prefer": "return=OperationOutcome"]))
            }
            for test in FHIRErrorTests.cases {
                var headers = test.headers
                if test.body != nil, headers["Content-Type"] == nil { headers["Content-Type"] = "application/fhir+json" }
                corpus.add(try await client.fhir(test.method, test.path, body: test.body, headers: headers))
            }
            #expect(try corpus.problems() == [])
        }
    }

    static func observationIDs(of userID: Int64, in store: some HealthStore) async throws -> [String] {
        let page = PageRequest(limit: 1000)
        var ids: [String] = []
        for row in try await store.measurements(ActivityRecord.self, userID: userID, in: .all, page: page).items {
            for (suffix, value) in [("steps", row.record.steps.map(Double.init)), ("walking-distance", row.record.distanceMeters),
                                    ("active-energy", row.record.energyKilocalories),
                                    ("exercise-duration", row.record.activeMinutes)] where value != nil {
                ids.append("act-\(row.id)-\(suffix)")
            }
        }
        ids += try await store.measurements(SleepRecord.self, userID: userID, in: .all, page: page).items.map { "sleep-\($0.id)" }
        ids += try await store.measurements(BloodTestRecord.self, userID: userID, in: .all, page: page).items.map { "lab-\($0.id)" }
        ids += try await store.measurements(VitalSignRecord.self, userID: userID, in: .all, page: page).items.map { "vital-\($0.id)" }
        return ids
    }

    /// The official R4 examples the gateway can hold are stored; every other one gets a 4xx
    /// OperationOutcome that names the problem. None gets a 5xx.
    @Test func theOfficialExamplesAreStoredOrPreciselyRefused() async throws {
        let accepted: Set<String> = [
            "observation-example.json", "observation-example-bloodpressure.json", "observation-example-bmi.json",
            "observation-example-body-length.json",
            "observation-example-bmi-using-related.json", "observation-example-body-height.json",
            "observation-example-f001-glucose.json", "observation-example-heart-rate.json",
        ]
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let files = try FileManager.default.contentsOfDirectory(atPath: FHIRSamples.examples.path)
                .filter { $0.hasSuffix(".json") }.sorted()
            var stored: Set<String> = []
            for file in files {
                let text = try String(contentsOf: FHIRSamples.examples.appendingPathComponent(file), encoding: .utf8)
                let type = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["resourceType"]
                    as? String ?? ""
                let body = text.replacingOccurrences(of: #""reference": "Patient/[A-Za-z0-9.-]+""#,
                                                     with: "\"reference\": \"Patient/\(patient)\"", options: .regularExpression)
                let response = try await client.fhir(.post, type, body: body)
                #expect(response.status.code < 500, "\(file): \(response.bodyText)")
                if response.status == .created {
                    stored.insert(file)
                } else {
                    #expect(response.json["resourceType"] as? String == "OperationOutcome", "\(file)")
                    #expect(!response.firstIssue.diagnostics.isEmpty, "\(file)")
                }
            }
            #expect(stored.filter { $0.hasPrefix("observation") } == accepted)
            #expect(stored.filter { $0.hasPrefix("patient-example") }.count == 20, "\(stored.sorted())")
        }
    }

    /// The CapabilityStatement lists exactly the interactions the routes serve: every other one is 405.
    @Test func theCapabilityStatementSaysWhatTheServerDoes() async throws {
        try await TestGateway.run { client, _ in
            let metadata = try await client.fhir(.get, "metadata")
            #expect(metadata.status == .ok)
            let rest = (metadata.json["rest"] as? [[String: Any]])?.first
            let resources = rest?["resource"] as? [[String: Any]] ?? []
            #expect(resources.map { $0["type"] as? String ?? "" }
                == ["Patient", "Observation", "StructureDefinition", "ValueSet", "OperationDefinition", "AuditEvent"])
            let requests: [(FHIRInteraction, HTTPRequest.Method, String)] = [
                (.read, .get, "/1"), (.vread, .get, "/1/_history/1"), (.historyInstance, .get, "/1/_history"),
                (.historyType, .get, "/_history"),
                (.update, .put, "/1"), (.delete, .delete, "/1"), (.create, .post, ""),
                (.searchType, .get, ""), (.patch, .patch, "/1"),
            ]
            for resource in resources {
                let type = resource["type"] as? String ?? ""
                let listed = Set((resource["interaction"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
                for (interaction, method, suffix) in requests {
                    let response = try await client.fhir(method, type + suffix, body: method == .get || method == .delete ? nil : "{}")
                    #expect((response.status == .methodNotAllowed) == !listed.contains(interaction.rawValue),
                            "\(type) \(interaction.rawValue): \(response.status)")
                }
                // Every operation listed is routed (a missing Patient is its own answer, not "no operation").
                for operation in resource["operation"] as? [[String: Any]] ?? [] {
                    let name = operation["name"] as? String ?? ""
                    let onInstance = type == "Patient" && !["export", "health-score-population"].contains(name)  // on the type
                    let path = onInstance ? "Patient/1/$\(name)" : "\(type)/$\(name)"
                    let response = try await client.fhir(.get, path)
                    #expect(!response.firstIssue.diagnostics.contains("operation"), "\(path): \(response.bodyText)")
                }
            }
        }
    }

    /// Profiles/ holds exactly what the server generates from its LOINC table and serves.
    @Test func theProfilesFolderIsCurrent() throws {
        let folder = FHIRSchema.repository.appendingPathComponent("Profiles")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == ProfileCatalog.resources.map { $0.address.replacingOccurrences(of: "/", with: "-") + ".json" }.sorted())
        for (address, resource) in ProfileCatalog.resources {
            let file = folder.appendingPathComponent(address.replacingOccurrences(of: "/", with: "-") + ".json")
            #expect(Array(try Data(contentsOf: file)) == ProfileCatalog.fileBytes(resource),
                    "\(address): run `swift run health-gateway profiles`")
        }
    }
}
