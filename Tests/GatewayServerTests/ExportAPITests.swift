import FHIRTestSupport
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import PopulationGenerator
import Store
import Testing

/// Bulk Data `$export` over HTTP: the kick-off's errors, the async pattern, the files and the manifest
/// (every line valid FHIR R4), `_since`, `_type`, `_typeFilter` and `patient` against expectations taken
/// from the generated records, cancel and the bound on running jobs.
@Suite struct ExportAPITests {
    static let lastDay = PartialDate(year: 2026, month: 11, day: 19)

    /// A few generated members, written into the store; returned for the expectations.
    static func seed(_ store: some HealthStore, members count: Int = 6, days: Int = 12) async throws -> [PopulationMember] {
        let members = Array(PopulationGenerator(seed: 11, days: days, lastDay: lastDay).members(count: count))
        try await PopulationLoader.load(members, into: store)
        return members
    }

    /// Observations a member's rows map to: one per activity measure with a value, per sleep session,
    /// per blood test and per vital sign.
    static func observationCount(_ client: ExportClient) async throws -> Int {
        let response = try await client.client.call(.get, "/fhir/Observation?_summary=count", token: client.token)
        return try #require(response.json["total"] as? Int)
    }

    @Test func theKickOffNamesEveryProblemWithItsParameter() async throws {
        try await TestGateway.run { client, _ in
            let exports = ExportClient(client: client)
            let noPrefer = try await exports.kickOff("/fhir/$export", prefer: "")
            #expect(noPrefer.status == .badRequest)
            #expect(noPrefer.bodyText.contains("Prefer: respond-async"))
            let cases: [(uri: String, expression: String, says: String)] = [
                ("/fhir/$export?_type=Encounter", "_type", "Encounter"),
                ("/fhir/$export?_since=yesterday", "_since", "not an instant"),
                ("/fhir/$export?_outputFormat=application/fhir%2Bjson", "_outputFormat", "NDJSON"),
                ("/fhir/$export?_typeFilter=Observation%3F_sort%3Ddate", "_typeFilter", "_sort"),
                ("/fhir/$export?_typeFilter=Observation%3Fflavour%3Dsweet", "_typeFilter", "flavour"),
                ("/fhir/$export?_typeFilter=Observation", "_typeFilter", "not a search"),
                ("/fhir/$export?_type=Observation&_typeFilter=Patient%3Fgender%3Dfemale", "_typeFilter", "does not hold"),
                ("/fhir/$export?_elements=id", "_elements", "not supported"),
                ("/fhir/$export?colour=blue", "colour", "no parameter"),
                ("/fhir/$export?patient=Patient/1", "patient", "no parameter"),
                ("/fhir/Patient/$export?patient=Patient/999", "patient", "not known"),
                ("/fhir/Patient/$export?patient=Observation/1", "patient", "not a reference to a Patient"),
            ]
            for (uri, expression, says) in cases {
                let response = try await exports.kickOff(uri)
                #expect(response.status == .badRequest, "\(uri): \(response.bodyText)")
                #expect(response.headers[.contentType]?.hasPrefix("application/fhir+json") == true)
                let issue = (response.json["issue"] as? [[String: Any]])?.first
                #expect(issue?["expression"] as? [String] == [expression], "\(uri): \(response.bodyText)")
                #expect((issue?["diagnostics"] as? String)?.contains(says) == true, "\(uri): \(response.bodyText)")
            }
            for path in ["/fhir/$export-poll-status/0b9d1e7a-0000-4000-8000-000000000000", "/fhir/$export-poll-status/..%2F..",
                         "/fhir/$export-file/0b9d1e7a-0000-4000-8000-000000000000/Patient-1.ndjson"] {
                let response = try await client.call(.get, path, token: .none)
                #expect(response.status == .notFound, "\(path): \(response.bodyText)")
                #expect(response.json["resourceType"] as? String == "OperationOutcome")
            }
        }
    }

    @Test func aSystemExportWritesEveryResourceOnceAsValidFHIRInFilesOfBoundedLength() async throws {
        try await TestGateway.run(configure: { $0.exportLimits = ExportLimits(resourcesPerFile: 100, pageSize: 37) }) { client, store in
            let members = try await Self.seed(store)
            let exports = ExportClient(client: client)
            let done = try await exports.export("/fhir/$export")
            #expect(done.status == .ok, "\(done.bodyText)")
            #expect(done.headers[.contentType] == "application/json")
            #expect(done.headers[.expires] != nil)
            let manifest = done.json
            #expect(manifest["request"] as? String == "http://localhost/fhir/$export")
            #expect(manifest["requiresAccessToken"] as? Bool == false)
            #expect(OffsetDateTime(parsing: manifest["transactionTime"] as? String ?? "") != nil, "\(manifest)")
            #expect((manifest["error"] as? [Any])?.isEmpty == true)
            let patientFiles = try await exports.files(done, type: "Patient")
            let observationFiles = try await exports.files(done, type: "Observation")
            #expect(patientFiles.flatMap { $0 }.count == members.count)
            #expect(observationFiles.flatMap { $0 }.count == (try await Self.observationCount(exports)))
            #expect(observationFiles.count > 1 && observationFiles.allSatisfy { $0.count <= 100 })
            #expect(observationFiles.dropLast().allSatisfy { $0.count == 100 }, "files are full but the last")
            let patients = try await exports.resources(done, type: "Patient")
            let observations = try await exports.resources(done, type: "Observation")
            #expect(Set(TestResponse.addresses(observations)).count == observations.count, "each Observation once")
            #expect(Set(TestResponse.addresses(patients)).count == members.count)
            var corpus = SchemaCorpus()
            for line in (patientFiles + observationFiles).flatMap({ $0 }) { corpus.add(line) }
            #expect(try corpus.problems() == [])
        }
    }

    @Test func aGzipDownloadHoldsTheSameLines() async throws {
        try await TestGateway.run { client, store in
            _ = try await Self.seed(store, members: 3)
            let exports = ExportClient(client: client)
            let done = try await exports.export("/fhir/$export?_type=Observation")
            let url = try #require((done.json["output"] as? [[String: Any]])?.first?["url"] as? String)
            let plain = try await client.call(.get, ExportClient.path(url), token: .none)
            let zipped = try await client.call(.get, ExportClient.path(url), token: .none,
                                               headers: [.acceptEncoding: "br;q=0.9, gzip"])
            #expect(zipped.status == .ok)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 3)
            let inflater = try GzipInflater()
            var inflated = ByteBuffer()
            try inflater.inflate(zipped.body) { block in inflated.writeImmutableBuffer(block) }
            try inflater.finish()
            #expect(inflated == plain.body)
            let refused = try await client.call(.get, ExportClient.path(url), token: .none, headers: [.acceptEncoding: "gzip;q=0"])
            #expect(refused.headers[.contentEncoding] == nil)
        }
    }

    @Test func sinceExportsWhatChangedAfterTheLastTransactionTimeAndNothingElse() async throws {
        try await TestGateway.run { client, store in
            _ = try await Self.seed(store, members: 3)
            let exports = ExportClient(client: client)
            let first = try await exports.export("/fhir/$export")
            let since = try #require(first.json["transactionTime"] as? String)
            // After the first export: a new Patient with one Observation, and a Patient renamed.
            let created = try await client.send(.post, "/fhir/Patient", json: #"{"resourceType":"Patient","name":[{"family":"Novak","given":["Ida"]}],"gender":"female","birthDate":"1990-02-03"}"#,
                                                contentType: "application/fhir+json")
            #expect(created.status == .created, "\(created.bodyText)")
            let newPatient = try #require(created.json["id"] as? String)
            let observation = try await client.send(.post, "/fhir/Observation", json: """
                {"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/\(newPatient)"},"effectiveDateTime":"2026-11-18T08:00:00Z","valueQuantity":{"value":61,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}
                """, contentType: "application/fhir+json")
            #expect(observation.status == .created, "\(observation.bodyText)")
            let newObservation = try #require(observation.json["id"] as? String)
            var renamed = try await client.call(.get, "/fhir/Patient/2", token: .none).json
            renamed["name"] = [["family": "Renamed", "given": ["Someone"]]]
            renamed.removeValue(forKey: "meta")
            let update = try await client.send(.put, "/fhir/Patient/2", json: String(decoding: try JSONSerialization.data(withJSONObject: renamed), as: UTF8.self),
                                               contentType: "application/fhir+json")
            #expect(update.status == .ok, "\(update.bodyText)")

            let second = try await exports.export("/fhir/$export?_since=\(since.replacingOccurrences(of: "+", with: "%2B"))")
            #expect(second.status == .ok, "\(second.bodyText)")
            let patients = TestResponse.addresses(try await exports.resources(second, type: "Patient"))
            let observations = TestResponse.addresses(try await exports.resources(second, type: "Observation"))
            #expect(Set(patients) == ["Patient/\(newPatient)", "Patient/2"], "\(patients)")
            #expect(observations == ["Observation/\(newObservation)"])
            let sinceSecond = try #require(second.json["transactionTime"] as? String)
            #expect(since < sinceSecond)
            let third = try await exports.export("/fhir/$export?_since=\(sinceSecond)")
            #expect((third.json["output"] as? [Any])?.isEmpty == true, "nothing changed after the second: \(third.bodyText)")
        }
    }

    @Test func typeFiltersKeepWhatAnyOfTheirSearchesMatchOnce() async throws {
        try await TestGateway.run { client, store in
            let members = try await Self.seed(store)
            let exports = ExportClient(client: client)
            let filters = ["Observation?category=laboratory", "Observation?category=vital-signs", "Observation?code=http://loinc.org|8867-4",
                           "Patient?gender=female"]
            let encoded = filters.map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }.joined(separator: ",")
            let done = try await exports.export("/fhir/$export?_typeFilter=\(encoded)")
            #expect(done.status == .ok, "\(done.bodyText)")
            let observations = try await exports.resources(done, type: "Observation")
            let expected = members.reduce(0) { $0 + $1.bloodTests.count + $1.vitals.count }
            #expect(observations.count == expected, "every blood test and vital sign, the heart rates once")
            #expect(Set(TestResponse.addresses(observations)).count == observations.count)
            let categories = Set(observations.compactMap { resource in
                (((resource["category"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]])?.first?["code"] as? String)
            })
            #expect(categories == ["laboratory", "vital-signs"])
            let patients = try await exports.resources(done, type: "Patient")
            #expect(patients.count == members.filter { $0.user.gender == .female }.count)
            #expect(patients.allSatisfy { $0["gender"] as? String == "female" })

            // POSTed, a filter keeps the commas of its OR list.
            let body = #"{"resourceType":"Parameters","parameter":[{"name":"_type","valueString":"Observation"},"#
                + #"{"name":"_typeFilter","valueString":"Observation?code=http://loinc.org|8867-4,http://loinc.org|8302-2"}]}"#
            let posted = try await exports.export("/fhir/$export", method: .post, body: body)
            #expect(posted.status == .ok, "\(posted.bodyText)")
            let either = try await exports.resources(posted, type: "Observation")
            let heartRatesAndHeights = members.reduce(0) { total, member in
                total + member.vitals.filter { $0.kind == .heartRate || $0.kind == .bodyHeight }.count
            }
            #expect(either.count == heartRatesAndHeights && heartRatesAndHeights > 0)
        }
    }

    @Test func aPatientExportHoldsTheNamedPatientsAndTheirObservationsOnly() async throws {
        try await TestGateway.run { client, store in
            _ = try await Self.seed(store, members: 4)
            let exports = ExportClient(client: client)
            let body = #"{"resourceType":"Parameters","parameter":[{"name":"patient","valueReference":{"reference":"Patient/1"}},{"name":"patient","valueReference":{"reference":"Patient/3"}}]}"#
            let done = try await exports.export("/fhir/Patient/$export", method: .post, body: body)
            #expect(done.status == .ok, "\(done.bodyText)")
            #expect(done.json["request"] as? String == "http://localhost/fhir/Patient/$export")
            let patients = TestResponse.addresses(try await exports.resources(done, type: "Patient"))
            #expect(patients.sorted() == ["Patient/1", "Patient/3"])
            let observations = try await exports.resources(done, type: "Observation")
            let subjects = Set(observations.compactMap { ($0["subject"] as? [String: Any])?["reference"] as? String })
            #expect(subjects == ["Patient/1", "Patient/3"])
            let byGet = try await exports.export("/fhir/Patient/$export?patient=Patient/2&_type=Observation")
            let theirs = try await exports.resources(byGet, type: "Observation")
            let count = try await client.call(.get, "/fhir/Observation?patient=2&_summary=count", token: .none)
            #expect(theirs.count == count.json["total"] as? Int && !theirs.isEmpty)
            #expect(theirs.allSatisfy { ($0["subject"] as? [String: Any])?["reference"] as? String == "Patient/2" })
        }
    }

    @Test func lenientHandlingLeavesOutWhatItCannotDoAndSaysSoInTheErrorFile() async throws {
        try await TestGateway.run { client, store in
            _ = try await Self.seed(store, members: 2)
            let exports = ExportClient(client: client)
            let done = try await exports.export("/fhir/$export?_type=Patient,Encounter&_elements=id",
                                                prefer: "respond-async, handling=lenient")
            #expect(done.status == .ok, "\(done.bodyText)")
            let errors = try #require(done.json["error"] as? [[String: Any]])
            #expect(errors.count == 1 && errors.first?["type"] as? String == "OperationOutcome")
            let outcomes = try await exports.resources(done, type: "OperationOutcome")
            #expect(outcomes.isEmpty, "outcomes are in error, not output")
            let url = try #require(errors.first?["url"] as? String)
            let file = try await client.call(.get, ExportClient.path(url), token: .none)
            #expect(file.bodyText.contains("Encounter") && file.bodyText.contains("_elements"))
            var corpus = SchemaCorpus()
            corpus.add(file.bodyText.trimmingCharacters(in: .newlines))
            #expect(try corpus.problems() == [])
            #expect((done.json["output"] as? [[String: Any]])?.map { $0["type"] as? String } == ["Patient"])
        }
    }

    @Test func aRunningExportHoldsAPlaceAndCancellingItRemovesItAndItsFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-cancel-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestGateway.run(configure: {
            $0.exportLimits = ExportLimits(maximumConcurrentJobs: 1, pageSize: 1)
            $0.exportFolder = folder
        }) { client, store in
            _ = try await Self.seed(store, members: 6, days: 20)
            let exports = ExportClient(client: client)
            let first = try await exports.kickOff("/fhir/$export")
            #expect(first.status == .accepted)
            let status = ExportClient.path(try #require(first.headers[.contentLocation]))
            let second = try await exports.kickOff("/fhir/$export")
            #expect(second.status == .tooManyRequests, "\(second.bodyText)")
            #expect(second.headers[.retryAfter] != nil)
            let running = try await client.call(.get, status, token: .none)
            #expect(running.status == .accepted)
            #expect(running.headers[HTTPField.Name("X-Progress")!]?.contains("resources written") == true)
            let cancelled = try await client.call(.delete, status, token: .none)
            #expect(cancelled.status == .accepted, "\(cancelled.bodyText)")
            #expect(try await client.call(.get, status, token: .none).status == .notFound)
            #expect(try await client.call(.delete, status, token: .none).status == .notFound)
            let id = String(status.split(separator: "/").last ?? "")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(id).path), "its files are removed")
            let third = try await exports.kickOff("/fhir/$export?_type=Patient")
            #expect(third.status == .accepted, "the place is free again: \(third.bodyText)")
        }
    }
}
