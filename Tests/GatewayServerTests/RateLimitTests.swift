import Foundation
@testable import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import Store
import Synchronization
import Testing

/// Rate limits and load shedding: token buckets with their figures, costs by interaction, 429 and 503
/// with their headers in both APIs' shapes, one client's flood leaving another alone, failed
/// authentications per address, and recovery.
@Suite struct RateLimitTests {
    final class TestClock: Sendable {
        let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 = $0.advanced(by: duration) } }
    }

    @Test func aBucketRefillsAtItsRateAndALargeRequestPassesWhenItIsFull() {
        let clock = TestClock()
        let limiter = RateLimiter(maxBuckets: 16, now: { clock.now })
        let bucket = RateLimits.Bucket(perSecond: 2, burst: 3)
        let taken = (0..<3).map { _ in limiter.take(1, from: "a", bucket: bucket) }
        #expect(taken.allSatisfy(\.allowed) && taken.map(\.remaining) == [2, 1, 0])
        let refused = limiter.take(1, from: "a", bucket: bucket)
        #expect(!refused.allowed && refused.retryAfter == 1 && refused.limit == 3 && refused.reset == 2)
        #expect(limiter.take(1, from: "b", bucket: bucket).allowed, "each key has its own bucket")
        clock.advance(.milliseconds(500))
        #expect(limiter.take(1, from: "a", bucket: bucket).allowed)
        clock.advance(.seconds(10))
        let large = limiter.take(10, from: "a", bucket: bucket)
        #expect(large.allowed, "more than a full bucket holds passes when the bucket is full")
        let inDebt = limiter.take(1, from: "a", bucket: bucket)
        #expect(!inDebt.allowed && inDebt.retryAfter == 4, "7 tokens of debt and one more, at 2 a second")
        for key in 0..<40 { _ = limiter.take(1, from: "key-\(key)", bucket: bucket) }
        #expect(limiter.count <= 16)
    }

    @Test func requestsCostByWhatTheyAsk() {
        func cost(_ method: HTTPRequest.Method, _ path: String, length: Int? = nil) -> Double {
            var head = HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path)
            if let length { head.headerFields[.contentLength] = String(length) }
            return RequestCost.of(Request(head: head, body: .init(buffer: ByteBuffer())))
        }
        #expect(cost(.get, "/health") == 0 && cost(.get, "/fhir/metadata") == 0)
        #expect(cost(.get, "/fhir/Patient/1") == 1 && cost(.get, "/api/v1/users/1") == 1)
        #expect(cost(.get, "/fhir/Observation?code=8867-4") == 2 && cost(.get, "/api/v1/users/1/vitals") == 2)
        #expect(cost(.get, "/fhir/Patient/1/_history") == 2 && cost(.post, "/fhir/Observation/_search") == 2)
        #expect(cost(.post, "/fhir/Observation") == 3 && cost(.delete, "/api/v1/users/1") == 3)
        #expect(cost(.post, "/fhir", length: 500) == 3 && cost(.post, "/fhir", length: 100 * 1024) == 100)
        #expect(cost(.get, "/fhir/Patient/1/$health-score") == 5 && cost(.get, "/fhir/Observation/$stats") == 10)
    }

    static let limits = RateLimits(client: .init(perSecond: 20, burst: 4), anonymous: .init(perSecond: 20, burst: 3),
                                   authFailures: .init(perSecond: 0.2, burst: 2))

    /// The gateway's rate limits on `clock`, which only the test moves.
    static func limited(_ clock: TestClock) -> (inout GatewayConfiguration) -> Void {
        { configuration in
            configuration.rateLimits = limits
            configuration.rateLimitClock = { clock.now }
        }
    }

    @Test func pastItsBucketAClientGets429WithItsFiguresInEitherAPIThenRecovers() async throws {
        let clock = TestClock()
        try await TestGateway.run(configure: Self.limited(clock)) { client, store in
            try await store.apply([.createUser(UserRecord(email: "a@example.org"))])
            var answers: [TestResponse] = []
            for _ in 0..<3 { answers.append(try await client.execute(uri: "/fhir/Patient/1", method: .get, headers: [:], body: nil)) }
            #expect(answers.allSatisfy { $0.status == .ok })
            #expect(answers.compactMap { $0.headers[RateLimitGuard.remainingHeader] } == ["2", "1", "0"])
            #expect(answers.first?.headers[RateLimitGuard.limitHeader] == "3")
            let refused = try await client.execute(uri: "/fhir/Patient/1", method: .get, headers: [:], body: nil)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "1" && refused.headers[RateLimitGuard.remainingHeader] == "0")
            #expect(refused.json["resourceType"] as? String == "OperationOutcome")
            #expect((refused.json["issue"] as? [[String: Any]])?.first?["code"] as? String == "throttled")
            let native = try await client.execute(uri: "/api/v1/users/1", method: .get, headers: [:], body: nil)
            #expect(native.status == .tooManyRequests && native.error["status"] as? Int == 429, "\(native.bodyText)")
            #expect(native.headers[.retryAfter] != nil)
            #expect(try await client.execute(uri: "/health", method: .get, headers: [:], body: nil).status == .ok,
                    "probes are never limited")
            clock.advance(.milliseconds(250))  // 20 tokens a second: 5 back
            let again = try await client.execute(uri: "/fhir/Patient/1", method: .get, headers: [:], body: nil)
            #expect(again.status == .ok)
        }
    }

    @Test func oneClientsFloodLeavesAnotherAloneAndFailedLoginsAreLimitedPerAddress() async throws {
        let clock = TestClock()
        try await AuthGateway.run(configure: Self.limited(clock)) { client, _ in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<8 { statuses.append(try await client.call(.get, "/fhir/Patient/1", token: .system).status) }
            #expect(statuses.prefix(4).allSatisfy { $0 == .ok } && statuses.suffix(4).allSatisfy { $0 == .tooManyRequests })
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .otherBackend).status == .ok, "another client")

            for _ in 0..<2 { #expect(try await client.call(.get, "/fhir/Patient/1", token: .tampered).status == .unauthorized) }
            let blocked = try await client.call(.get, "/fhir/Patient/1", token: .tampered)
            #expect(blocked.status == .tooManyRequests && blocked.bodyText.contains("failed authentications"))
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .otherBackend).status == .tooManyRequests,
                    "the address is refused before any token is looked at")
            clock.advance(.seconds(5))  // one failure forgiven
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .otherBackend).status == .ok)
        }
    }

    @Test func pastTheRequestsInFlightTheServerAnswers503AndThenServesAgain() async throws {
        var limits = RateLimits(client: .init(perSecond: 1e6, burst: 1e6), anonymous: .init(perSecond: 1e6, burst: 1e6))
        limits.maxInFlight = 1
        let settled = limits
        try await TestGateway.run(configure: { $0.rateLimits = settled }) { client, store in
            _ = try await ExportAPITests.seed(store, members: 3)
            var refusals: [TestResponse] = []
            for _ in 0..<10 where refusals.isEmpty {
                refusals = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                    for _ in 0..<40 {
                        group.addTask { try await client.execute(uri: "/fhir/Observation?_count=100", method: .get, headers: [:], body: nil) }
                    }
                    var refused: [TestResponse] = []
                    for try await response in group {
                        #expect(response.status == .ok || response.status == .serviceUnavailable)
                        if response.status == .serviceUnavailable { refused.append(response) }
                    }
                    return refused
                }
            }
            let refused = try #require(refusals.first, "40 searches at once, one at a time allowed")
            #expect(refused.headers[.retryAfter] == "1")
            #expect((refused.json["issue"] as? [[String: Any]])?.first?["code"] as? String == "transient")
            #expect(try await client.execute(uri: "/fhir/Observation?_count=1", method: .get, headers: [:], body: nil).status == .ok)
        }
    }
}
