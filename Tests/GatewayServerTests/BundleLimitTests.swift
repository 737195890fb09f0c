import Foundation
import Hummingbird
import HummingbirdTesting
@testable import GatewayServer
import Interactions
import NativeModel
import Store
import StoreSQLite
import Testing

/// Transaction Bundles have a size limit of their own (issue 21): a real patient's record is several
/// MB, far above the limit of a single resource; large ones are read a bounded number at a time.
@Suite struct BundleLimitTests {
    /// A transaction of one Patient and `count` heart rates, pretty-printed as EHRs export it.
    static func transaction(heartRates count: Int) -> String {
        let patient = #"{"fullUrl":"urn:uuid:7f1c0f0e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"BIG-1"}]},"request":{"method":"POST","url":"Patient"}}"#
        let readings = (0..<count).map { index in
            #"{"resource":{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"urn:uuid:7f1c0f0e-0000-4000-8000-000000000001"},"effectiveDateTime":"2026-11-0\#(1 + index / 1440 % 9)T\#(String(format: "%02d:%02d", index / 60 % 24, index % 60)):00Z","valueQuantity":{"value":\#(60 + index % 40),"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}},"request":{"method":"POST","url":"Observation"}}"#
        }
        return "{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"transaction\",\n  \"entry\": [\n    "
            + ([patient] + readings).joined(separator: ",\n    ") + "\n  ]\n}"
    }

    @Test func aBundleAboveTheResourceLimitIsTakenAndOneAboveItsOwnLimitIs413() async throws {
        let body = Self.transaction(heartRates: 400)
        #expect(body.utf8.count > 100_000 && body.utf8.count < 200_000)
        try await TestGateway.run(configure: { $0.maxBundleSize = 200_000 }) { client, store in
            let taken = try await client.fhir(.post, "", body: body)
            #expect(taken.status == .ok, "\(taken.bodyText.prefix(300))")
            #expect(try await store.rowCounts()[.vitalSigns] == 400)
            let bigger = Self.transaction(heartRates: 800)
            OutcomeCase(path: "", status: .contentTooLarge, diagnostics: "the largest this server takes is 200000 (http.maxBundleSize)",
                        expression: nil).check(try await client.fhir(.post, "", body: bigger))
            let single = #"{"resourceType":"Patient","name":[{"family":""# + String(repeating: "x", count: 9_000) + #""}]}"#
            OutcomeCase(path: "", status: .contentTooLarge, diagnostics: "exceeds the size limit", expression: nil)
                .check(try await client.fhir(.post, "Patient", body: single))
            #expect(try await store.rowCounts()[.vitalSigns] == 400)
        }
    }

    @Test func largeBundlesPastTheBoundAreRefusedWithRetryAfter() async throws {
        let admission = BundleAdmission(limit: 1)
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let (release, leave) = AsyncStream<Void>.makeStream()
        async let first: Int = admission.admitting {
            enter.yield()
            for await _ in release { break }
            return 1
        }
        for await _ in entered { break }
        do {
            _ = try await admission.admitting { 2 }
            Issue.record("a second large Bundle was admitted past the bound")
        } catch let error as FHIRError {
            #expect(error.category == .busy)
            #expect(error.retryAfterSeconds == BundleAdmission.retryAfterSeconds)
            #expect(error.description.contains("http.bundlesMaxConcurrent"))
        }
        leave.yield()
        #expect(try await first == 1)
        #expect(try await admission.admitting { 3 } == 3, "the permit came back")
    }
}
