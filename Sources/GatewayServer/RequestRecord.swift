import Synchronization

/// What the inner layers learn of a request that the outermost one reports (the access log line,
/// the metrics): one box per request, shared by every copy of its context (a context is a value, and a
/// middleware's changes to its copy do not reach the middleware outside it).
public final class RequestRecord: Sendable {
    /// Why a defence refused the request, in the bounded words of the metrics' `reason` label.
    public enum Refusal: Sendable, Equatable {
        /// 401: `missing`, `malformed`, `expired`, … (`TokenError.reason`).
        case authentication(String)
        /// 429 or 503: `client`, `address`, `failed_auth` or `in_flight`.
        case limited(String)
    }

    private struct State {
        var clientID: String?
        var refusal: Refusal?
    }

    private let state = Mutex(State())

    public init() {}

    /// The verified token's client (`client_id` or `azp`); nil without a token.
    public var clientID: String? {
        get { state.withLock { $0.clientID } }
        set { state.withLock { $0.clientID = newValue } }
    }

    public var refusal: Refusal? {
        get { state.withLock { $0.refusal } }
        set { state.withLock { $0.refusal = newValue } }
    }
}
