import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// `Observation/$stats` and `Observation/$lastn`: figures by hand, units, periods, sources, routing and
/// every error; every answer valid FHIR.
@Suite struct ObservationOperationsTests {
    /// 2026-11-01 at `hour` UTC plus `day` days.
    static func time(day: Int, hour: Int = 8) -> OffsetDateTime {
        let start = PartialDate(year: 2026, month: 11, day: 1).start
        return OffsetDateTime(start.adding(minutes: Int64(day * 1440 + hour * 60)), utcOffsetMinutes: 0)
    }

    /// A patient with glucose 80, 90, 100, 130 on 1–4 November, heart rates 61–63 on 1–3 November and
    /// one blood pressure; returns the id.
    static func patient(in store: some HealthStore, number: Int = 1) async throws -> Int64 {
        var operations: [WriteOperation] = [.createUser(UserRecord(email: "p\(number)@example.org", givenName: "P",
                                                                   familyName: "Q", gender: .female))]
        for (day, value) in [80.0, 90, 100, 130].enumerated() {
            operations.append(.createMeasurement(BloodTestRecord(measuredAt: time(day: day), analyte: .glucose, value: value,
                                                                 fasting: true), owner: .createdBy(operation: 0)))
        }
        for day in 0..<3 {
            operations.append(.createMeasurement(VitalSignRecord(measuredAt: time(day: day, hour: 7), kind: .heartRate,
                                                                 value: Double(61 + day)), owner: .createdBy(operation: 0)))
        }
        operations.append(.createMeasurement(VitalSignRecord(measuredAt: time(day: 2, hour: 9), kind: .bloodPressure,
                                                             systolic: 124, diastolic: 81), owner: .createdBy(operation: 0)))
        return try await store.apply(operations)[0].id
    }

    /// The value of each statistic component of the `statistics` Observation of a `$stats` answer.
    static func statistics(_ response: TestResponse, index: Int = 0) -> [String: Double] {
        let outputs = (response.json["parameter"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "statistics" }
        guard index < outputs.count, let observation = outputs[index]["resource"] as? [String: Any] else { return [:] }
        var result: [String: Double] = [:]
        for component in observation["component"] as? [[String: Any]] ?? [] {
            let code = (((component["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String) ?? ""
            let value = (component["valueQuantity"] as? [String: Any])?["value"] as? NSNumber ?? component["valueInteger"] as? NSNumber
            result[code] = value?.doubleValue
        }
        return result
    }

    @Test func statsOfOnePatientAreComputedByHand() async throws {
        try await TestGateway.run { client, store in
            let id = try await Self.patient(in: store)
            var corpus = SchemaCorpus()
            let response = try await client.fhir(.get, "Observation/$stats?subject=Patient/\(id)&code=http://loinc.org|2339-0"
                + "&statistic=average,median,minimum,max,count,std-dev,20-percent,sum")
            #expect(response.status == .ok, "\(response.bodyText)")
            corpus.add(response)
            // sd = √((20² + 10² + 0² + 30²) / 3) = 21.6025; 20th percentile: h = 0.6 → 80 + 0.6 × 10.
            #expect(Self.statistics(response) == ["average": 100, "median": 95, "minimum": 80, "maximum": 130, "count": 4,
                                                  "std-dev": 21.6025, "20-percent": 86, "sum": 400])
            let observation = try #require((response.json["parameter"] as? [[String: Any]])?.first?["resource"] as? [String: Any])
            #expect((observation["subject"] as? [String: Any])?["reference"] as? String == "Patient/\(id)")
            #expect(observation["status"] as? String == "final")

            // A period keeps 2 and 3 November; POST with a valuePeriod says the same.
            let period = try await client.fhir(.get, "Observation/$stats?subject=\(id)&code=2339-0&statistic=count,average"
                + "&period=2026-11-02/2026-11-03")
            #expect(Self.statistics(period) == ["count": 2, "average": 95])
            corpus.add(period)
            let posted = try await client.fhir(.post, "Observation/$stats", body: """
                {"resourceType":"Parameters","parameter":[{"name":"subject","valueUri":"Patient/\(id)"},
                {"name":"coding","valueCoding":{"system":"http://loinc.org","code":"2339-0"}},
                {"name":"period","valuePeriod":{"start":"2026-11-02","end":"2026-11-03"}},
                {"name":"statistic","valueCode":"count"},{"name":"statistic","valueCode":"average"}]}
                """)
            #expect(posted.status == .ok, "\(posted.bodyText)")
            #expect(Self.statistics(posted) == ["count": 2, "average": 95])

            // The source Observations, newest first.
            let sources = try await client.fhir(.get, "Observation/$stats?subject=\(id)&code=2339-0&statistic=count"
                + "&include=true&limit=2")
            corpus.add(sources)
            let included = (sources.json["parameter"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == "source" }
            let values = included.compactMap {
                (($0["resource"] as? [String: Any])?["valueQuantity"] as? [String: Any])?["value"] as? NSNumber
            }
            #expect(values.map(\.doubleValue) == [130, 100])
            #expect(try corpus.problems() == [])
        }
    }

    @Test func populationStatsCountEveryPatientInTheCanonicalUnit() async throws {
        try await TestGateway.run { client, store in
            _ = try await Self.patient(in: store, number: 1)
            let second = try await client.createSamplePatient()
            // The glucose sample is 5.4 mmol/L (15074-8); it is stored as 97.3 mg/dL.
            let created = try await client.fhir(.post, "Observation",
                                                body: try FHIRSamples.observation("observation-glucose.json", patient: second))
            #expect(created.status == .created)
            // Asked by the variant code, the whole population: five values, in mg/dL.
            let response = try await client.fhir(.get, "Observation/$stats?code=15074-8&statistic=count,maximum,minimum")
            #expect(response.status == .ok, "\(response.bodyText)")
            #expect(Self.statistics(response) == ["count": 5, "maximum": 130, "minimum": 80])
            let component = try #require(((response.json["parameter"] as? [[String: Any]])?.first?["resource"]
                as? [String: Any])?["component"] as? [[String: Any]])
            #expect((component[1]["valueQuantity"] as? [String: Any])?["code"] as? String == "mg/dL")
            // Two codes, two Observations; sleep in hours.
            let two = try await client.fhir(.get, "Observation/$stats?code=2339-0,8867-4&statistic=average")
            #expect(Self.statistics(two, index: 1) == ["average": 62])
            let xml = try await client.fhir(.get, "Observation/$stats?code=2339-0&statistic=average&_format=xml")
            #expect(xml.headers[.contentType]?.hasPrefix("application/fhir+xml") == true)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString).xml")
            try Data(xml.body.readableBytesView).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try FHIRXMLSchema.problems(in: [file]) == [])
        }
    }

    @Test func lastNGivesTheNewestPerCode() async throws {
        try await TestGateway.run { client, store in
            let id = try await Self.patient(in: store)
            var corpus = SchemaCorpus()
            func values(_ response: TestResponse) -> [String] {
                (response.json["entry"] as? [[String: Any]] ?? []).map { entry in
                    let resource = entry["resource"] as? [String: Any] ?? [:]
                    let code = (((resource["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String) ?? ""
                    let value = ((resource["valueQuantity"] as? [String: Any])?["value"] as? NSNumber)?.stringValue ?? "-"
                    return "\(code)=\(value)"
                }
            }
            let all = try await client.fhir(.get, "Observation/$lastn?patient=\(id)&max=2")
            #expect(all.status == .ok, "\(all.bodyText)")
            corpus.add(all)
            #expect(values(all) == ["2339-0=130", "2339-0=100", "8867-4=63", "8867-4=62", "85354-9=-"])
            #expect(all.json["type"] as? String == "searchset")
            #expect((all.json["total"] as? NSNumber)?.intValue == 5)
            let entry = try #require((all.json["entry"] as? [[String: Any]])?.first)
            #expect((entry["fullUrl"] as? String)?.hasSuffix("/fhir/Observation/lab-4") == true)
            #expect((entry["search"] as? [String: Any])?["mode"] as? String == "match")
            let vitals = try await client.fhir(.get, "Observation/$lastn?subject=Patient/\(id)&category=vital-signs")
            #expect(values(vitals) == ["8867-4=63", "85354-9=-"])
            let systolic = try await client.fhir(.get, "Observation/$lastn?patient=\(id)&code=http://loinc.org|8480-6")
            #expect(values(systolic) == ["85354-9=-"])
            corpus.add(systolic)
            #expect(try corpus.problems() == [])
        }
    }

    static let errorCases: [OutcomeCase] = [
        OutcomeCase(path: "Observation/$stats?statistic=count", status: .badRequest, diagnostics: "needs a code",
                  expression: "code"),
        OutcomeCase(path: "Observation/$stats?code=2339-0", status: .badRequest, diagnostics: "needs at least one statistic",
                  expression: "statistic"),
        OutcomeCase(path: "Observation/$stats?code=2339-0&statistic=kurtosis", status: .badRequest,
                  diagnostics: "statistic 'kurtosis' is not supported", expression: "statistic"),
        OutcomeCase(path: "Observation/$stats?code=85354-9&statistic=count", status: .badRequest,
                  diagnostics: "ask for its components 8480-6 (systolic) and 8462-4 (diastolic)", expression: "code"),
        OutcomeCase(path: "Observation/$stats?code=1234-5&statistic=count", status: .badRequest,
                  diagnostics: "LOINC 1234-5 is not a code this server maps", expression: "code"),
        OutcomeCase(path: "Observation/$stats?code=http://snomed.info/sct|271649006&statistic=count", status: .badRequest,
                  diagnostics: "is not a LOINC code", expression: "code"),
        OutcomeCase(path: "Observation/$stats?code=2339-0&statistic=count&period=2026-11-01", status: .badRequest,
                  diagnostics: "period in a URL is start/end", expression: "period"),
        OutcomeCase(path: "Observation/$stats?code=2339-0&statistic=count&period=2026-11-05/2026-11-01", status: .badRequest,
                  diagnostics: "the period ends before it starts", expression: "period"),
        OutcomeCase(path: "Observation/$stats?code=2339-0&statistic=count&duration=-1", status: .badRequest,
                  diagnostics: "duration is a number of hours greater than 0", expression: "duration"),
        OutcomeCase(path: "Observation/$stats?code=2339-0&statistic=count&colour=red", status: .badRequest,
                  diagnostics: "$stats has no parameter 'colour'", expression: "colour"),
        OutcomeCase(path: "Observation/$stats?code=2339-0&statistic=count&subject=Encounter/1", status: .badRequest,
                  diagnostics: "The subject must be a Patient", expression: "subject"),
        OutcomeCase(path: "Observation/$stats?code=2339-0&statistic=count&subject=Patient/999", status: .notFound,
                  diagnostics: "Patient/999 is not known"),
        OutcomeCase(path: "Observation/$stats?code=2339-0&statistic=count&include=yes", status: .badRequest,
                  diagnostics: "include must be true or false", expression: "include"),
        OutcomeCase(path: "Observation/$lastn?code=2339-0", status: .badRequest, diagnostics: "needs one patient",
                  expression: "patient"),
        OutcomeCase(path: "Observation/$lastn?patient=1&subject=Patient/1", status: .badRequest, diagnostics: "needs one patient",
                  expression: "patient"),
        OutcomeCase(path: "Observation/$lastn?patient=1&max=0", status: .badRequest,
                  diagnostics: "'max' must be a whole number from 1 to 100", expression: "max"),
        OutcomeCase(path: "Observation/$lastn?patient=1&category=imaging", status: .badRequest,
                  diagnostics: "category 'imaging' is not one of", expression: "category"),
        OutcomeCase(path: "Observation/$lastn?patient=999", status: .notFound, diagnostics: "Patient/999 is not known"),
        OutcomeCase(path: "Observation/$everything", status: .notFound,
                  diagnostics: "Observation has no type-level operation $everything; it has $stats, $lastn"),
        OutcomeCase(path: "Observation/lab-1/$stats", status: .notFound,
                  diagnostics: "Observation has no instance-level operation $stats"),
        OutcomeCase(path: "Patient/$health-score", status: .notFound,
                  diagnostics: "Patient has no type-level operation $health-score"),
        OutcomeCase(path: "Patient/1/$summary", status: .notFound,
                  diagnostics: "Patient has no instance-level operation $summary; it has $health-score, $everything"),
        OutcomeCase(path: "Encounter/$stats", status: .notFound, diagnostics: "This server does not serve Encounter"),
        OutcomeCase(path: "Patient/1/metadata", status: .notFound, diagnostics: "No FHIR endpoint GET /fhir/Patient/1/metadata"),
    ]

    @Test(arguments: errorCases)
    func badRequestsGetAnOperationOutcome(_ test: OutcomeCase) async throws {
        try await TestGateway.run { client, store in
            _ = try await Self.patient(in: store)
            let response = try await client.fhir(.get, test.path)
            test.check(response)
        }
    }
}
