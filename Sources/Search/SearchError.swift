/// A search parameter the gateway cannot apply: unknown, malformed, or with a modifier, prefix or
/// value it does not support. `parameter` names it as the client wrote it.
public struct SearchError: Error, Sendable, Hashable {
    public var parameter: String
    public var message: String

    public init(_ parameter: String, _ message: String) {
        self.parameter = parameter
        self.message = message
    }
}
