import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Scoring
import StoreSQLite
import Testing

/// Population-wide work is bounded over HTTP: past `statistics.maxConcurrent`, `$health-score` for a new
/// window, `$stats` over everyone and the native score answer 503 with `Retry-After`, in each API's
/// shape; a patient's own `$stats` and known windows are still served.
@Suite struct PopulationBoundTests {
    @Test func pastTheBoundPopulationWorkIs503WithRetryAfter() async throws {
        let store = try SQLiteStore.inMemory()
        try await SearchFixtures.load(store)
        let statistics = PopulationStatistics(store: store, maximumConcurrentWork: 1, clock: { TestGateway.now })
        let router = buildRouter(GatewayConfiguration(statisticsMaxConcurrent: 1, clock: { TestGateway.now }),
                                 store: store, statistics: statistics)
        try await Application(router: router).test(.router) { client in
            let (gate, open) = AsyncStream<Void>.makeStream()
            let holding = Task { try await statistics.runBounded { for await _ in gate {}; return 0 } }
            while await statistics.runningWork == 0 { try await Task.sleep(for: .milliseconds(5)) }

            for path in ["Patient/1/$health-score?asOf=2026-11-15", "Observation/$stats?code=2339-0&statistic=average"] {
                let response = try await client.fhir(.get, path)
                #expect(response.status == .serviceUnavailable, "\(path): \(response.bodyText)")
                #expect(response.headers[.retryAfter] == String(PopulationBusy.retryAfterSeconds), "\(path)")
                #expect(response.firstIssue.code == "transient")
                #expect(response.firstIssue.diagnostics.contains("statistics.maxConcurrent"), "\(path)")
            }
            let native = try await client.send(.get, "/get_health_score?user_id=1&asOf=2026-11-15")
            #expect(native.status == .serviceUnavailable, "\(native.bodyText)")
            #expect(native.headers[.retryAfter] == String(PopulationBusy.retryAfterSeconds))
            #expect(native.error["code"] as? String == "unavailable")
            let own = try await client.fhir(.get, "Observation/$stats?code=2339-0&statistic=average&subject=Patient/1")
            #expect(own.status == .ok, "one patient's statistics are not population work: \(own.bodyText)")

            open.finish()
            _ = try await holding.value
            let stats = try await client.fhir(.get, "Observation/$stats?code=2339-0&statistic=average")
            #expect(stats.status == .ok, "\(stats.bodyText)")
        }
    }
}
