import Synchronization

/// What the inner layers learn of a request that the outermost one reports (the access log line,
/// the metrics): one box per request, shared by every copy of its context (a context is a value, and a
/// middleware's changes to its copy do not reach the middleware outside it).
public final class RequestRecord: Sendable {
    private let client = Mutex<String?>(nil)

    public init() {}

    /// The verified token's client (`client_id` or `azp`); nil without a token.
    public var clientID: String? {
        get { client.withLock { $0 } }
        set { client.withLock { $0 = newValue } }
    }
}
