import Foundation
import GatewayServer
@testable import health_gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import NIOCore
import StoreSQLite
import Testing

/// Issue 24's round trip: a generated population exported from one gateway with `health-gateway export`,
/// imported into an empty database with `health-gateway import`: every Patient and Observation search
/// answers the same on both gateways (ids aside, which each database gives its own), and every health
/// score is equal. The generated population has what makes this hard: two devices' activity rows of one
/// day that hold the same value (`meta.source` tells them apart).
@Suite struct ExportRoundTripTests {
    /// What the gateways take as now: the day after the population's last day.
    static let now = Instant(millisecondsSince1970: 1_795_132_800_000)  // 2026-11-20T00:00:00Z

    static let searches = [
        "Patient", "Patient?gender=female", "Patient?birthdate=ge1980", "Patient?family=a",
        "Observation", "Observation?category=laboratory", "Observation?category=vital-signs&date=ge2026-11-10",
        "Observation?code=http://loinc.org|8867-4", "Observation?code=http://loinc.org|41950-7&value-quantity=gt8000",
        "Observation?category=activity&date=lt2026-11-12", "Observation?code=http://loinc.org|85354-9",
    ]

    @Test func anExportedPopulationImportsIntoAnEmptyGatewayThatAnswersTheSame() async throws {
        let folder = ImportCommandTests.temporary("round-trip")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("source.sqlite").path
        let target = folder.appendingPathComponent("target.sqlite").path
        let files = folder.appendingPathComponent("export")
        let generated = try CommandLineTests.run(["generate", "--patients", "12", "--days", "21", "--seed", "5",
                                                  "--last-day", "2026-11-19", "--format", "database", "--out", source])
        #expect(generated.status == 0, "\(generated.output)")

        try await Self.serve(source) { sourceClient, port in
            let exported = try await ImportCommandTests.runOffThePool(["export", "--url", "http://127.0.0.1:\(port)/fhir",
                                                                       "--out", files.path])
            #expect(exported.status == 0, "\(exported.output)")
            #expect(exported.output.hasPrefix("exported ") && exported.output.contains("transactionTime"), "\(exported.output)")
            let names = try FileManager.default.contentsOfDirectory(atPath: files.path).sorted()
            #expect(names == ["Observation-1.ndjson", "Patient-1.ndjson"], "\(names)")
            let imported = try CommandLineTests.run(["import", files.path, "--database", target])
            #expect(imported.status == 0 && imported.output.contains(" 0 failed"), "\(imported.output)")

            try await Self.serve(target) { targetClient, _ in
                let sourceRecord = try await Self.record(sourceClient)
                let targetRecord = try await Self.record(targetClient)
                let samePeople = sourceRecord.keys.count == 12 && targetRecord.keys.sorted() == sourceRecord.keys.sorted()
                #expect(samePeople, "\(sourceRecord.keys.sorted()) vs \(targetRecord.keys.sorted())")
                for search in Self.searches {
                    let expected = try await Self.answer(search, from: sourceClient, record: sourceRecord)
                    let actual = try await Self.answer(search, from: targetClient, record: targetRecord)
                    #expect(!expected.isEmpty || search.contains("value-quantity"), "\(search) finds something")
                    let differing = zip(actual, expected).first { $0 != $1 }.map { "\($0.0)\n  vs \($0.1)" } ?? "none"
                    let same = actual == expected
                    #expect(same, "\(search): \(actual.count) resources, \(expected.count) expected; first differing: \(differing)")
                }
                for (email, sourceID) in sourceRecord {
                    let targetID = try #require(targetRecord[email])
                    let expected = try await Self.score(sourceID, from: sourceClient)
                    let actual = try await Self.score(targetID, from: targetClient)
                    #expect(expected != nil && actual == expected, "\(email): \(String(describing: actual)) vs \(String(describing: expected))")
                }
            }
        }
    }

    /// Serves the SQLite database at `path` on a free port, with the pinned clock.
    static func serve(_ path: String, _ body: @escaping @Sendable (any TestClientProtocol, Int) async throws -> Void) async throws {
        let store = try SQLiteStore(path: path)
        let application = buildApplication(GatewayConfiguration(port: 0, samplesPath: nil, clock: { now }), store: store)
        try await application.test(.live) { client in try await body(client, try #require(client.port)) }
    }

    /// Each Patient's id on a gateway, by their email (every generated person has one of their own; not
    /// all have a record number).
    static func record(_ client: any TestClientProtocol) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for patient in try await resources("Patient", from: client) {
            let email = (patient["telecom"] as? [[String: Any]] ?? []).first { $0["system"] as? String == "email" }
            if let value = email?["value"] as? String, let id = patient["id"] as? String { ids[value] = id }
        }
        return ids
    }

    /// What a search answers, every page, each resource as sorted JSON without what each database
    /// assigns itself (ids, versions, update times, the gateway's own user-id identifier), its subject
    /// named by the Patient's email; sorted.
    static func answer(_ search: String, from client: any TestClientProtocol, record: [String: String]) async throws -> [String] {
        let emailByID = Dictionary(uniqueKeysWithValues: record.map { ($0.value, $0.key) })
        return try await resources(search, from: client).map { resource in
            var resource = resource
            resource.removeValue(forKey: "id")
            if var meta = resource["meta"] as? [String: Any] {  // the source and the profiles stay
                meta.removeValue(forKey: "versionId")
                meta.removeValue(forKey: "lastUpdated")
                resource["meta"] = meta
            }
            if let identifiers = resource["identifier"] as? [[String: Any]] {
                resource["identifier"] = identifiers.filter { !(($0["system"] as? String) ?? "").hasPrefix("http://healthgateway.example.org") }
            }
            if let subject = resource["subject"] as? [String: Any], let reference = subject["reference"] as? String {
                let id = String(reference.split(separator: "/").last ?? "")
                resource["subject"] = ["reference": "Patient?email=\(emailByID[id] ?? "unknown \(id)")"]
            }
            let data = try JSONSerialization.data(withJSONObject: resource, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }.sorted()
    }

    /// Every resource a search finds, following `next` links.
    static func resources(_ search: String, from client: any TestClientProtocol) async throws -> [[String: Any]] {
        var path = "/fhir/\(search.replacingOccurrences(of: "|", with: "%7C"))\(search.contains("?") ? "&" : "?")_count=500"
        var found: [[String: Any]] = []
        for _ in 0..<100 {
            let response = try await client.execute(uri: path, method: .get, headers: [.accept: "application/fhir+json"], body: nil)
            #expect(response.status == .ok, "\(path): \(String(buffer: response.body))")
            let bundle = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            found += (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
            guard let next = (bundle["link"] as? [[String: Any]] ?? []).first(where: { $0["relation"] as? String == "next" }),
                  let url = next["url"] as? String else { return found }
            path = ExportRoundTripTests.path(url)
        }
        Issue.record("\(search): more than 100 pages")
        return found
    }

    static func path(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        return String(rest[(rest.firstIndex(of: "/") ?? rest.endIndex)...])
    }

    /// A Patient's health score as of the day after the last measurements.
    static func score(_ id: String, from client: any TestClientProtocol) async throws -> Double? {
        let response = try await client.execute(uri: "/fhir/Patient/\(id)/$health-score?asOf=2026-11-19", method: .get,
                                                headers: [.accept: "application/fhir+json"], body: nil)
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        let parameters = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        let score = (parameters?["parameter"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "score" }
        return (score?["valueDecimal"] as? NSNumber)?.doubleValue
    }
}
