public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where the issuer's JSON Web Key Set comes from (`--auth-jwks`): a file, read at start-up, or an
/// `https` URL, fetched at start-up and again when a token names a key it does not hold
/// (https://www.rfc-editor.org/rfc/rfc7517#section-5).
public enum JWKSSource: Sendable, Hashable {
    case file(String)
    case url(URL)

    /// `https://…` (or `http://` on loopback, for tests and local identity providers) is a URL; anything
    /// else a file path.
    public init(_ text: String) throws(AuthConfigurationError) {
        if text.hasPrefix("https://") || text.hasPrefix("http://") {
            guard let url = URL(string: text), let host = url.host else { throw .invalidJWKS("'\(text)' is not a URL") }
            guard url.scheme == "https" || ["127.0.0.1", "localhost", "::1"].contains(host) else {
                throw .invalidJWKS("the JWKS URL must be https (http only on loopback): \(text)")
            }
            self = .url(url)
        } else {
            self = .file(text)
        }
    }

    /// The key set's bytes.
    func load() async throws(TokenError) -> Data {
        switch self {
        case .file(let path):
            do {
                return try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw .keysUnavailable("\(path) cannot be read")
            }
        case .url(let url):
            do {
                var request = URLRequest(url: url, timeoutInterval: 10)
                request.setValue("application/json", forHTTPHeaderField: "Accept")
                let (data, response) = try await URLSession.shared.data(for: request)
                guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                    throw TokenError.keysUnavailable("\(url) did not answer 200")
                }
                return data
            } catch let error as TokenError {
                throw error
            } catch {
                throw .keysUnavailable("\(url): \(error.localizedDescription)")
            }
        }
    }
}

/// Authorization configuration that cannot work.
public enum AuthConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidJWKS(String)
    case missing(String)

    public var description: String {
        switch self {
        case .invalidJWKS(let why): return "--auth-jwks: \(why)"
        case .missing(let what): return "--auth smart needs \(what)"
        }
    }
}
