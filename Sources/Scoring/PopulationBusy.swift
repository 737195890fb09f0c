/// A request would start more population-wide work than `PopulationStatistics.maximumConcurrentWork`
/// allows: it is refused, to be asked again later, rather than queued without end.
public struct PopulationBusy: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bound that was reached.
    public var limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    /// Seconds after which a client may ask again (`Retry-After`): about what one survey of a large
    /// population takes on two cores.
    public static var retryAfterSeconds: Int { 15 }

    public var description: String {
        "The server is computing population statistics for \(limit) other requests, as many as it does at once "
            + "(statistics.maxConcurrent); try again in \(Self.retryAfterSeconds) s"
    }
}
