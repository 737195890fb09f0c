import NativeModel
public import Store
public import Testing

/// The behaviour every `HealthStore` must show. A store's test suite runs each check against fresh,
/// empty instances of that store:
///
///     @Test(arguments: StoreContract.checks)
///     func contract(_ check: StoreContract.Check) async throws { try await check.run(makeStore()) }
public enum StoreContract {
    public struct Check: Sendable, CustomTestStringConvertible {
        public let name: String
        let body: @Sendable (any HealthStore) async throws -> Void

        public func run(_ store: any HealthStore) async throws { try await body(store) }
        public var testDescription: String { name }
    }

    public static let checks: [Check] =
        UserContract.checks + MeasurementContract.checks + AtomicityContract.checks + PagingContract.checks
        + HistoryContract.checks + MatchingContract.checks + SharedIdentifierContract.checks + SeriesContract.checks
        + SearchContract.checks + BulkWriteContract.checks + SnapshotContract.checks + AuditContract.checks
}

/// Expects `body` to throw a `StoreError` and returns it, for checks to inspect.
func expectStoreError(_ body: () async throws -> Void,
                      sourceLocation: SourceLocation = #_sourceLocation) async -> StoreError? {
    do {
        try await body()
        Issue.record("expected a StoreError, but the call succeeded", sourceLocation: sourceLocation)
    } catch let error as StoreError {
        return error
    } catch {
        Issue.record("expected a StoreError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
