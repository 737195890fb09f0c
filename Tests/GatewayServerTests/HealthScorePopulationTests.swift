import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import PopulationGenerator
import Store
import Testing

/// `Patient/$health-score-population` over HTTP: figures checked by hand and against every patient's own
/// `$health-score`, valid FHIR in JSON and XML, its authorization, and its errors.
@Suite struct HealthScorePopulationTests {
    static let asOf = HealthScoreAPITests.asOf

    static func parts(_ parameter: [String: Any]) -> [[String: Any]] { parameter["part"] as? [[String: Any]] ?? [] }

    static func number(_ parts: [[String: Any]], _ name: String) -> Double? {
        let part = parts.first { $0["name"] as? String == name } ?? [:]
        if let quantity = part["valueQuantity"] as? [String: Any] { return (quantity["value"] as? NSNumber)?.doubleValue }
        return (part.first { $0.key.hasPrefix("value") }?.value as? NSNumber)?.doubleValue
    }

    static func bins(_ parts: [[String: Any]]) -> [(low: Double, high: Double, count: Int)] {
        parts.filter { $0["name"] as? String == "bin" }.map { bin in
            let figures = Self.parts(bin)
            return (number(figures, "low") ?? -1, number(figures, "high") ?? -1, Int(number(figures, "count") ?? -1))
        }
    }

    static func parameters(_ response: TestResponse, _ name: String) -> [[String: Any]] {
        (response.json["parameter"] as? [[String: Any]] ?? []).filter { $0["name"] as? String == name }
    }

    @Test func aTinyPopulationsFiguresAsComputedByHand() async throws {
        try await TestGateway.run { client, store in
            _ = try await HealthScoreAPITests.stepsPopulation([6_000, 9_000, 12_000], in: store)
            let response = try await client.fhir(.get, "Patient/$health-score-population?asOf=\(Self.asOf)")
            #expect(response.status == .ok, "\(response.bodyText)")
            #expect(response.headers[.contentType] == "application/fhir+json; fhirVersion=4.0")
            #expect((HealthScoreAPITests.parameter(response, "populationSize") as? NSNumber)?.intValue == 3)
            let period = HealthScoreAPITests.parameter(response, "period") as? [String: Any]
            #expect(period?["start"] as? String == "2026-10-17" && period?["end"] as? String == Self.asOf)
            // Scores 33.3, 66.7 and 100 (steps alone, see HealthScoreAPITests): ten bins of 10 from 0 to 100.
            let score = Self.parts(try #require(Self.parameters(response, "score").first))
            #expect(Self.number(score, "size") == 3)
            #expect(Self.number(score, "minimum") == 33.3 && Self.number(score, "maximum") == 100)
            #expect(Self.number(score, "median") == 66.7)
            #expect(Self.number(score, "firstQuartile") == 50)  // halfway between 33.3 and 66.7
            let scoreBins = Self.bins(score)
            #expect(scoreBins.count == 10)
            #expect(scoreBins.map(\.count) == [0, 0, 0, 1, 0, 0, 1, 0, 0, 1])
            #expect(scoreBins.first?.low == 0 && scoreBins.last?.high == 100)
            // Only steps has values: one component, in its unit, spanning the 1st to the 99th percentile.
            let components = Self.parameters(response, "component")
            #expect(components.count == 1)
            let steps = Self.parts(try #require(components.first))
            #expect(HealthScoreAPITests.part(["part": steps], "name") as? String == "steps")
            #expect(Self.number(steps, "median") == 9_000 && Self.number(steps, "size") == 3)
            let quantity = steps.first { $0["name"] as? String == "median" }?["valueQuantity"] as? [String: Any]
            #expect(quantity?["code"] as? String == "{steps}" && quantity?["system"] as? String == "http://unitsofmeasure.org")
            let stepBins = Self.bins(steps)
            #expect(stepBins.count == 12 && stepBins.reduce(0) { $0 + $1.count } == 3)
            #expect(stepBins.first?.low == 6_060 && stepBins.last?.high == 11_940)  // the 1st and 99th percentiles
            #expect(stepBins.first?.count == 1 && stepBins.last?.count == 1, "the end bins count the values beyond them")
        }
    }

    @Test func theScoreDistributionIsEveryPatientsOwnScore() async throws {
        try await TestGateway.run { client, store in
            _ = try await SampleSeeder.seedIfNew(store, from: FHIRSchema.repository.appendingPathComponent(
                "Samples/population.ndjson").path)
            var scores: [Double] = []
            for user in try await store.users(PageRequest(limit: 100)).items {
                let own = try await client.fhir(.get, "Patient/\(user.id)/$health-score?asOf=\(Self.asOf)")
                if let score = (HealthScoreAPITests.parameter(own, "score") as? NSNumber)?.doubleValue { scores.append(score) }
            }
            let response = try await client.fhir(.get, "Patient/$health-score-population?asOf=\(Self.asOf)")
            #expect(response.status == .ok, "\(response.bodyText)")
            let score = Self.parts(try #require(Self.parameters(response, "score").first))
            #expect(Self.number(score, "size") == Double(scores.count))
            #expect(Self.number(score, "minimum") == scores.min() && Self.number(score, "maximum") == scores.max())
            for (index, bin) in Self.bins(score).enumerated() {
                let inside = scores.filter { $0 >= bin.low && ($0 < bin.high || index == 9) }.count
                #expect(bin.count == inside, "scores from \(bin.low) to \(bin.high)")
            }
            #expect(Self.parameters(response, "component").count == 6)

            var corpus = SchemaCorpus()
            corpus.add(response)
            #expect(try corpus.problems() == [])
            let xml = try await client.fhir(.get, "Patient/$health-score-population?asOf=\(Self.asOf)&_format=xml")
            #expect(xml.status == .ok)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("population-\(UUID().uuidString).xml")
            try Data(xml.body.readableBytesView).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try FHIRXMLSchema.problems(in: [file]) == [])

            let posted = try await client.fhir(.post, "Patient/$health-score-population", body: """
                {"resourceType":"Parameters","parameter":[{"name":"asOf","valueDate":"\(Self.asOf)"}]}
                """)
            #expect(posted.status == .ok, "\(posted.bodyText)")
            #expect(Self.number(Self.parts(Self.parameters(posted, "score").first ?? [:]), "median") == Self.number(score, "median"))
        }
    }

    static let errorCases: [OutcomeCase] = [
        OutcomeCase(path: "Patient/$health-score-population?days=0", status: .badRequest,
                    diagnostics: "'days' must be a whole number from 1 to 366, not '0'", expression: "days"),
        OutcomeCase(path: "Patient/$health-score-population?asOf=soon", status: .badRequest,
                    diagnostics: "$health-score-population: asOf 'soon' is not a date", expression: "asOf"),
        OutcomeCase(path: "Patient/$health-score-population?start=2026-11-01", status: .badRequest,
                    diagnostics: "$health-score-population needs both start and end", expression: "end"),
        OutcomeCase(path: "Patient/$health-score-population?colour=blue", status: .badRequest,
                    diagnostics: "colour", expression: "colour"),
        OutcomeCase(path: "Observation/$health-score-population", status: .notFound,
                    diagnostics: "Observation has no type-level operation $health-score-population"),
        OutcomeCase(path: "Patient/1/$health-score-population", status: .notFound,
                    diagnostics: "Patient has no instance-level operation $health-score-population"),
    ]

    @Test(arguments: errorCases) func badRequestsAreOperationOutcomes(_ outcome: OutcomeCase) async throws {
        try await TestGateway.run { client, _ in
            outcome.check(try await client.fhir(.get, outcome.path))
        }
    }

    @Test func theCapabilityStatementAndTheDefinitionNameIt() async throws {
        try await TestGateway.run { client, _ in
            let metadata = try await client.fhir(.get, "metadata")
            #expect(metadata.bodyText.contains("\"name\":\"health-score-population\""))
            let definition = try await client.fhir(.get, "OperationDefinition/health-score-population")
            #expect(definition.status == .ok, "\(definition.bodyText)")
            #expect(definition.json["type"] as? Bool == true && definition.json["instance"] as? Bool == false)
            var corpus = SchemaCorpus()
            corpus.add(definition)
            #expect(try corpus.problems() == [])
        }
    }
}
