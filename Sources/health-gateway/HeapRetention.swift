import CMalloc
import Logging

/// How much freed memory the server keeps (README, "Memory"). glibc serves an allocation of 128 KiB
/// or more with a mapping of its own, returned to the system when freed, but raises that threshold to
/// the size of every such block freed; after the first population survey under load (megabytes of
/// points per slice), its buffers come from the heap, and the soak's resident memory stepped up by
/// 20–30% and stayed there (BENCHMARKS.md, "Soak"). Fixing the threshold at glibc's own starting
/// value keeps it from drifting. `MALLOC_MMAP_THRESHOLD_`, glibc's variable, still decides when set.
enum HeapRetention {
    /// glibc's default starting threshold (mallopt(3)).
    static let mmapThreshold: Int32 = 128 * 1024

    enum Outcome: Equatable {
        /// The threshold is fixed at this many bytes.
        case fixed(Int32)
        /// `MALLOC_MMAP_THRESHOLD_` is set: glibc applied the operator's value at start-up.
        case leftToEnvironment
        /// The C library has no such setting.
        case unsupported
    }

    /// Fixes the threshold unless the environment sets it.
    static func apply(environment: [String: String]) -> Outcome {
        guard environment["MALLOC_MMAP_THRESHOLD_"] == nil else { return .leftToEnvironment }
        return health_gateway_fix_mmap_threshold(mmapThreshold) == 1 ? .fixed(mmapThreshold) : .unsupported
    }
}
