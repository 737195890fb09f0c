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
        var requestID = ""
        var clientID: String?
        var subject: String?
        var fhirUser: String?
        var refusal: Refusal?
    }

    private let state = Mutex(State())

    public init() {}

    /// The request's id (`X-Request-ID`, `RequestIDs`), as the outermost layer gave it.
    public var requestID: String {
        get { state.withLock { $0.requestID } }
        set { state.withLock { $0.requestID = newValue } }
    }

    /// The verified token's `sub` and `fhirUser`; nil without a token.
    public var subject: String? {
        get { state.withLock { $0.subject } }
        set { state.withLock { $0.subject = newValue } }
    }

    public var fhirUser: String? {
        get { state.withLock { $0.fhirUser } }
        set { state.withLock { $0.fhirUser = newValue } }
    }

    /// The caller as the audit trail names it: client, subject and `fhirUser`, read at once.
    var caller: (clientID: String?, subject: String?, fhirUser: String?) {
        state.withLock { ($0.clientID, $0.subject, $0.fhirUser) }
    }

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
