import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import PopulationGenerator
import Store
import StoreSQLite
import Testing

/// `$health-score` and its native aliases over HTTP: figures checked by hand, the three routes agreeing,
/// valid FHIR in JSON and XML, and every error.
@Suite struct HealthScoreAPITests {
    static let asOf = "2026-11-15"
    static let lastDay = PartialDate(year: 2026, month: 11, day: 15).daysSince1970

    /// Users with 7 days of `steps[i]` daily steps ending on `asOf`; returns their ids.
    static func stepsPopulation(_ steps: [Int], in store: some HealthStore) async throws -> [Int64] {
        var ids: [Int64] = []
        for (index, daily) in steps.enumerated() {
            var operations: [WriteOperation] = [.createUser(UserRecord(
                email: "walker\(index)@example.org", givenName: "W", familyName: "Walker\(index)", gender: .female))]
            for offset in 0..<7 {
                let start = Instant(millisecondsSince1970: (lastDay - Int64(offset)) * 86_400_000 - 3_600_000)
                operations.append(.createMeasurement(ActivityRecord(
                    span: TimeSpan(start: OffsetDateTime(start, utcOffsetMinutes: 60), end: start.adding(minutes: 1440)),
                    steps: daily), owner: .createdBy(operation: 0)))
            }
            ids.append(try await store.apply(operations)[0].id)
        }
        return ids
    }

    /// The value of a part of a `component` parameter.
    static func part(_ component: [String: Any], _ name: String) -> Any? {
        let part = (component["part"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name } ?? [:]
        return part.first { $0.key.hasPrefix("value") }?.value
    }

    static func parameter(_ response: TestResponse, _ name: String) -> Any? {
        let parameter = (response.json["parameter"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name }
        return parameter?.first { $0.key.hasPrefix("value") }?.value
    }

    static func components(_ response: TestResponse) -> [[String: Any]] {
        (response.json["parameter"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "component" }
    }

    @Test func aTinyPopulationScoresAsComputedByHand() async throws {
        try await TestGateway.run { client, store in
            let ids = try await Self.stepsPopulation([6_000, 9_000, 12_000], in: store)
            // Component score = share of the population with no more steps: 1/3, 2/3, 3/3. Steps is the
            // only component with data, so its weight renormalizes to 1.
            for (id, expected) in zip(ids, [33.3, 66.7, 100]) {
                let response = try await client.fhir(.get, "Patient/\(id)/$health-score?asOf=\(Self.asOf)")
                #expect(response.status == .ok, "\(response.bodyText)")
                #expect(response.headers[.contentType] == "application/fhir+json; fhirVersion=4.0")
                #expect((Self.parameter(response, "score") as? NSNumber)?.doubleValue == expected)
            }
            let middle = try await client.fhir(.get, "Patient/\(ids[1])/$health-score?asOf=\(Self.asOf)")
            let steps = try #require(Self.components(middle).first)
            #expect(Self.part(steps, "name") as? String == "steps")
            #expect(((Self.part(steps, "value") as? [String: Any])?["value"] as? NSNumber)?.doubleValue == 9_000)
            #expect((Self.part(steps, "days") as? NSNumber)?.intValue == 7)
            #expect((Self.part(steps, "percentile") as? NSNumber)?.doubleValue == 50)  // (1 + 0.5) / 3
            // Mean winsorized at the 1st/99th percentiles (6,060 and 11,940) is still 9,000.
            #expect(((Self.part(steps, "populationMean") as? [String: Any])?["value"] as? NSNumber)?.doubleValue == 9_000)
            #expect(((Self.part(steps, "populationFirstQuartile") as? [String: Any])?["value"] as? NSNumber)?.doubleValue == 7_500)
            #expect((Self.part(steps, "effectiveWeight") as? NSNumber)?.doubleValue == 1)
            let period = Self.parameter(middle, "period") as? [String: Any]
            #expect(period?["start"] as? String == "2026-10-17" && period?["end"] as? String == Self.asOf)
            #expect(Self.parameter(middle, "method") as? String == "1.0.0")
            #expect((Self.parameter(middle, "populationSize") as? NSNumber)?.intValue == 3)
            let missing = (middle.json["parameter"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "missing" }
            #expect(missing.count == 5)
        }
    }

    @Test func theOperationAndBothNativeAliasesAgreeInJSONAndXML() async throws {
        try await TestGateway.run { client, store in
            _ = try await SampleSeeder.seedIfNew(store, from: FHIRSchema.repository.appendingPathComponent(
                "Samples/population.ndjson").path)
            var corpus = SchemaCorpus()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("score-xml-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var xmlFiles: [URL] = []
            for user in try await store.users(PageRequest(limit: 8)).items {
                let fhir = try await client.fhir(.get, "Patient/\(user.id)/$health-score?asOf=\(Self.asOf)")
                #expect(fhir.status == .ok, "\(fhir.bodyText)")
                corpus.add(fhir)
                let posted = try await client.fhir(.post, "Patient/\(user.id)/$health-score", body: """
                    {"resourceType":"Parameters","parameter":[{"name":"asOf","valueDate":"\(Self.asOf)"}]}
                    """)
                #expect(posted.status == .ok, "\(posted.bodyText)")
                let native = try await client.send(.get, "/api/v1/users/\(user.id)/health-score?asOf=\(Self.asOf)")
                let original = try await client.send(.get, "/get_health_score?user_id=\(user.id)&asOf=\(Self.asOf)")
                #expect(native.status == .ok && original.status == .ok)
                #expect(native.headers[.contentType] == "application/json")
                let score = (Self.parameter(fhir, "score") as? NSNumber)?.doubleValue
                #expect(score != nil)
                #expect((Self.parameter(posted, "score") as? NSNumber)?.doubleValue == score)
                #expect((native.json["score"] as? NSNumber)?.doubleValue == score)
                // The same body, but for the statistics' age, which may have turned a second between the two.
                var nativeBody = native.json
                var originalBody = original.json
                #expect(nativeBody.removeValue(forKey: "statistics_age_seconds") != nil)
                originalBody["statistics_age_seconds"] = nil
                #expect(NSDictionary(dictionary: nativeBody).isEqual(to: originalBody))
                let fhirComponents = Self.components(fhir).map { component in
                    [Self.part(component, "name") as? String ?? "",
                     "\(((Self.part(component, "value") as? [String: Any])?["value"] as? NSNumber)?.doubleValue ?? -1)",
                     "\((Self.part(component, "score") as? NSNumber)?.doubleValue ?? -1)",
                     "\((Self.part(component, "percentile") as? NSNumber)?.doubleValue ?? -1)"]
                }
                let nativeComponents = (native.json["components"] as? [[String: Any]] ?? []).map { component in
                    [component["name"] as? String ?? "", "\((component["value"] as? NSNumber)?.doubleValue ?? -2)",
                     "\((component["score"] as? NSNumber)?.doubleValue ?? -2)",
                     "\((component["percentile"] as? NSNumber)?.doubleValue ?? -2)"]
                }
                #expect(fhirComponents == nativeComponents)
                #expect(!fhirComponents.isEmpty)
                let xml = try await client.fhir(.get, "Patient/\(user.id)/$health-score?asOf=\(Self.asOf)&_format=xml")
                #expect(xml.headers[.contentType]?.hasPrefix("application/fhir+xml") == true)
                let file = folder.appendingPathComponent("\(user.id).xml")
                try Data(xml.body.readableBytesView).write(to: file)
                xmlFiles.append(file)
            }
            #expect(try corpus.problems() == [])
            #expect(try FHIRXMLSchema.problems(in: xmlFiles) == [])
        }
    }

    static let errorCases: [OutcomeCase] = [
        OutcomeCase(path: "Patient/999/$health-score", status: .notFound, diagnostics: "Patient/999 is not known"),
        OutcomeCase(path: "Patient/a_b/$health-score", status: .badRequest, diagnostics: "'a_b' is not a valid resource id",
                  expression: "Patient.id"),
        OutcomeCase(path: "Patient/1/$health-score?days=0", status: .badRequest,
                  diagnostics: "'days' must be a whole number from 1 to 366, not '0'", expression: "days"),
        OutcomeCase(path: "Patient/1/$health-score?days=many", status: .badRequest, diagnostics: "not 'many'", expression: "days"),
        OutcomeCase(path: "Patient/1/$health-score?asOf=yesterday", status: .badRequest,
                  diagnostics: "asOf 'yesterday' is not a date", expression: "asOf"),
        OutcomeCase(path: "Patient/1/$health-score?start=2026-11-01", status: .badRequest,
                  diagnostics: "needs both start and end", expression: "end"),
        OutcomeCase(path: "Patient/1/$health-score?start=2026-11-10&end=2026-11-01", status: .badRequest,
                  diagnostics: "the period must run forward", expression: "end"),
        OutcomeCase(path: "Patient/1/$health-score?start=2026-11-01&end=2026-11-10&days=3", status: .badRequest,
                  diagnostics: "either start and end, or days and asOf", expression: "start"),
        OutcomeCase(path: "Patient/1/$health-score?when=now", status: .badRequest,
                  diagnostics: "$health-score has no parameter 'when'", expression: "when"),
        OutcomeCase(path: "Patient/1/$health-score?days=7&days=8", status: .badRequest, diagnostics: "'days' may be given once",
                  expression: "days"),
        OutcomeCase(path: "Patient/2/$health-score?asOf=2026-11-15", status: .unprocessableContent,
                  diagnostics: "Patient/2 has too little data in 2026-10-17–2026-11-15 for a health score"),
    ]

    @Test(arguments: errorCases)
    func badRequestsGetAnOperationOutcome(_ test: OutcomeCase) async throws {
        try await TestGateway.run { client, store in
            _ = try await Self.stepsPopulation([8_000], in: store)
            try await store.apply([.createUser(UserRecord(email: "idle@example.org", givenName: "I", familyName: "Dle",
                                                          gender: .male))])
            let response = try await client.fhir(.get, test.path)
            test.check(response)
            if test.status == .unprocessableContent {  // then one issue per component, saying why
                #expect(response.issues.count == 7)
                #expect(response.issues.last?["diagnostics"] as? String
                    == "blood-pressure (LOINC 8480-6): 0 days with data in the period; at least 1 needed")
            }
        }
    }

    @Test func aDeletedPatientIsGoneAndAPostMustBeParameters() async throws {
        try await TestGateway.run { client, store in
            let ids = try await Self.stepsPopulation([8_000, 9_000], in: store)
            let deleted = try await client.fhir(.delete, "Patient/\(ids[0])")
            #expect(deleted.status == .ok, "\(deleted.bodyText) \(ids)")
            let gone = try await client.fhir(.get, "Patient/\(ids[0])/$health-score")
            #expect(gone.status == .gone, "\(gone.bodyText)")
            let patient = try await client.fhir(.post, "Patient/\(ids[1])/$health-score",
                                                body: #"{"resourceType":"Patient"}"#)
            #expect(patient.status == .badRequest)
            #expect(patient.firstIssue.diagnostics == "POST $health-score takes a Parameters resource")
            let nested = try await client.fhir(.post, "Patient/\(ids[1])/$health-score", body: """
                {"resourceType":"Parameters","parameter":[{"name":"asOf","part":[{"name":"x","valueString":"y"}]}]}
                """)
            #expect(nested.status == .badRequest)
            #expect(nested.firstIssue.expression == "Parameters.parameter[0]")
            let empty = try await client.fhir(.post, "Patient/\(ids[1])/$health-score?asOf=x")
            #expect(empty.status == .ok, "a POST without a body takes no parameters from the URL: \(empty.bodyText)")
        }
    }

    @Test func theNativeAliasesAnswerErrorsInTheNativeShape() async throws {
        try await TestGateway.run { client, store in
            let ids = try await Self.stepsPopulation([8_000], in: store)
            try await store.apply([.createUser(UserRecord(email: "idle@example.org", givenName: "I", familyName: "Dle",
                                                          gender: .male))])
            let cases: [(String, HTTPResponse.Status, String, String?)] = [
                ("/get_health_score", .badRequest, "missing_parameter", "user_id"),
                ("/get_health_score?user_id=abc", .badRequest, "invalid_id", "user_id"),
                ("/get_health_score?user_id=999", .notFound, "not_found", nil),
                ("/get_health_score?user_id=\(ids[0] + 1)", .unprocessableContent, "insufficient_data", nil),
                ("/api/v1/users/\(ids[0])/health-score?days=0", .badRequest, "invalid_parameter", "days"),
                ("/api/v1/users/\(ids[0])/health-score?user_id=1", .badRequest, "invalid_parameter", "user_id"),
            ]
            for (path, status, code, field) in cases {
                let response = try await client.send(.get, path)
                #expect(response.status == status, "\(path): \(response.bodyText)")
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.error["code"] as? String == code, "\(path)")
                #expect(response.error["field"] as? String == field, "\(path)")
                #expect((response.error["message"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func theOperationIsDefinedServedAndListed() async throws {
        try await TestGateway.run { client, _ in
            let definition = try await client.fhir(.get, "OperationDefinition/health-score")
            #expect(definition.status == .ok)
            #expect(definition.json["code"] as? String == "health-score")
            #expect((definition.json["description"] as? String)?.contains("| steps | 41950-7 |") == true)
            let metadata = try await client.fhir(.get, "metadata")
            let resources = ((metadata.json["rest"] as? [[String: Any]])?.first?["resource"] as? [[String: Any]]) ?? []
            func operations(_ type: String) -> [String] {
                let resource = resources.first { $0["type"] as? String == type }
                return (resource?["operation"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            }
            #expect(operations("Patient") == ["health-score", "health-score-population", "everything", "export"])
            #expect(operations("Observation") == ["stats", "lastn"])
        }
    }
}
