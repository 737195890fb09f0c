import Foundation
import Hummingbird
import HTTPTypes

/// Where clients reach the FHIR API: the base of `Location`, `fullUrl`, page links, manifests and SMART
/// discovery. The configured public URL when there is one (`--public-url`, behind TLS termination or a
/// path the server does not see); else, for a request from a trusted proxy (`--trusted-proxy`), the scheme
/// and host it forwards (`X-Forwarded-Proto`, `X-Forwarded-Host`); else the request's own `Host`, over
/// http. Forwarded headers from anyone else are ignored: they would let a client write the links others read.
public struct FHIRAddress: Sendable, Hashable {
    /// The server's public root (`https://fhir.example.org`), without `/fhir`; nil to work it out per request.
    public var publicURL: String?
    /// The addresses of the proxies whose `X-Forwarded-*` headers are believed.
    public var trustedProxies: Set<String>

    public init(publicURL: String? = nil, trustedProxies: some Sequence<String> = []) {
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.trustedProxies = Set(trustedProxies)
    }

    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!

    /// The base URL of `/fhir` for `request`, which came from `remoteAddress`.
    func base(_ request: Request, remoteAddress: String?) -> String {
        if let publicURL { return publicURL + "/fhir" }
        var scheme = "http"
        var host = request.head.authority ?? "localhost"
        if let remoteAddress, trustedProxies.contains(remoteAddress) {
            if let proto = Self.first(request.headers[Self.forwardedProto])?.lowercased(), ["http", "https"].contains(proto) {
                scheme = proto
            }
            if let forwarded = Self.first(request.headers[Self.forwardedHost]), Self.isHost(forwarded) { host = forwarded }
        }
        return "\(scheme)://\(host)/fhir"
    }

    /// The first of a comma-separated header's values (the client-most proxy's).
    private static func first(_ header: String?) -> String? {
        header?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A host name or address, perhaps with a port: nothing that could break out of a URL's authority.
    static func isHost(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 255 && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || ".-:[]".unicodeScalars.contains(scalar)
        }
    }
}
