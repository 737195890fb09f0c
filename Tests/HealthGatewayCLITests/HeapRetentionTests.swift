@testable import health_gateway
import Testing

/// `serve` fixes glibc's mmap threshold, unless the operator's `MALLOC_MMAP_THRESHOLD_` decides.
@Suite struct HeapRetentionTests {
    @Test func theThresholdIsFixedOnLinux() {
        #if os(Linux)
        #expect(HeapRetention.apply(environment: [:]) == .fixed(128 * 1024))
        #else
        #expect(HeapRetention.apply(environment: [:]) == .unsupported)
        #endif
    }

    @Test func theOperatorsVariableWins() {
        #expect(HeapRetention.apply(environment: ["MALLOC_MMAP_THRESHOLD_": "1048576"]) == .leftToEnvironment)
    }
}
