import Foundation
import FoundationNetworking
import Synchronization
import Testing

/// `health-gateway serve` as it is deployed: the binary on a port of its own, driven over HTTP, with
/// each executor `--executor` offers. What runs on the event loops (reads on the calling thread, GRDB's
/// own threads, the import's tasks, the shutdown) is exercised here, end to end.
@Suite(.serialized) struct ServeCommandTests {
    @Test(arguments: ["event-loops", "swift"])
    func servesReadsTransactionsAndImportsThenStopsOnSIGTERM(executor: String) async throws {
        let server = try RunningServer(arguments: ["serve", "--in-memory", "--port", "0", "--executor", executor,
                                                   "--samples", Self.root.appendingPathComponent("Samples/population.ndjson").path])
        defer { server.stop() }
        let base = try await server.baseURL()

        let (patient, read) = try await Self.get(base, "fhir/Patient/1")
        #expect(read.statusCode == 200)
        #expect(read.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("application/fhir+json") == true)
        #expect(read.value(forHTTPHeaderField: "ETag") == #"W/"1""#)
        let json = try #require(try JSONSerialization.jsonObject(with: patient) as? [String: Any])
        #expect(json["resourceType"] as? String == "Patient" && json["id"] as? String == "1")

        // Many reads at once: each event loop runs the handlers of its own connections.
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for id in 1...64 { group.addTask { try await Self.get(base, "fhir/Patient/\(id % 30 + 1)").1.statusCode } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 64 && statuses.allSatisfy { $0 == 200 })

        let patientSample = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Self.root.appendingPathComponent("Samples/fhir/patient.json")))
        let transaction = try JSONSerialization.data(withJSONObject: [
            "resourceType": "Bundle", "type": "transaction",
            "entry": [["resource": patientSample, "request": ["method": "POST", "url": "Patient"]]],
        ])
        let (bundle, processed) = try await Self.send(base, "fhir", "POST", transaction, type: "application/fhir+json")
        #expect(processed.statusCode == 200)
        let response = try #require(try JSONSerialization.jsonObject(with: bundle) as? [String: Any])
        #expect(response["type"] as? String == "transaction-response")

        let score = try await Self.get(base, "fhir/Patient/1/$health-score?asOf=2026-11-15").1
        #expect(score.statusCode == 200)

        let ndjson = try Data(contentsOf: Self.root.appendingPathComponent("Samples/ndjson/Patient.ndjson"))
        let kickOff = try await Self.send(base, "fhir/$import", "POST", ndjson, type: "application/fhir+ndjson",
                                          prefer: "respond-async").1
        #expect(kickOff.statusCode == 202)
        let status = try #require(kickOff.value(forHTTPHeaderField: "Content-Location").flatMap(URL.init(string:)))
        var manifest: [String: Any] = [:]
        for _ in 0..<200 {
            let (body, polled) = try await URLSession.shared.data(from: status)
            let code = try #require(polled as? HTTPURLResponse).statusCode
            if code == 200 {
                manifest = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
                break
            }
            #expect(code == 202)
            try await Task.sleep(for: .milliseconds(50))
        }
        let output = try #require(manifest["output"] as? [[String: Any]])
        #expect(output.contains { $0["type"] as? String == "Patient" && ($0["count"] as? Int ?? 0) > 0 })

        #expect(await server.terminate(within: .seconds(20)) == 0, "SIGTERM stops the server cleanly")
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// GETs `path` (with its query, if any) below `base`, which ends with a slash.
    static func get(_ base: URL, _ path: String) async throws -> (Data, HTTPURLResponse) {
        let url = try #require(URL(string: path, relativeTo: base))
        let (data, response) = try await URLSession.shared.data(from: url)
        return (data, try #require(response as? HTTPURLResponse))
    }

    static func send(_ base: URL, _ path: String, _ method: String, _ body: Data, type: String, prefer: String? = nil)
        async throws -> (Data, HTTPURLResponse)
    {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        request.setValue(type, forHTTPHeaderField: "Content-Type")
        if let prefer { request.setValue(prefer, forHTTPHeaderField: "Prefer") }
        let (data, response) = try await URLSession.shared.upload(for: request, from: body)
        return (data, try #require(response as? HTTPURLResponse))
    }
}

/// The gateway's executable run as a child process; its output collected to find the port it listens on.
final class RunningServer: Sendable {
    private let process: Process
    private let output = Mutex("")

    init(arguments: [String]) throws {
        process = Process()
        process.executableURL = try CommandLineTests.executable()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while case let data = reader.availableData, !data.isEmpty {
                output.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
        }
    }

    /// Everything the server has printed so far.
    var log: String { output.withLock { $0 } }

    /// `http://127.0.0.1:PORT/` from the line the server logs once it listens, once `/readyz` answers
    /// 200 (the server listens while it migrates and loads the samples).
    /// `excluding`: a port of the server's that is not the main one (`--metrics-port`).
    func baseURL(excluding: Int? = nil) async throws -> URL {
        for _ in 0..<600 {
            let log = output.withLock { $0 }
            let ports = log.components(separatedBy: "listening on 127.0.0.1:").dropFirst()
                .map { String($0.prefix { $0.isNumber }) }
            if let port = ports.first(where: { Int($0) != excluding }) {
                let base = try #require(URL(string: "http://127.0.0.1:\(port)/"))
                for _ in 0..<600 {
                    let ready = try? await URLSession.shared.data(from: base.appendingPathComponent("readyz"))
                    if (ready?.1 as? HTTPURLResponse)?.statusCode == 200 { return base }
                    try await Task.sleep(for: .milliseconds(50))
                }
                break
            }
            #expect(process.isRunning, "the server stopped: \(log)")
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    /// Sends SIGTERM and waits for the exit: its status, or nil when it did not stop in time.
    func terminate(within limit: Duration) async -> Int32? {
        process.terminate()
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        if process.isRunning { process.interrupt() }
    }
}
