import Foundation
import Hummingbird
import HTTPTypes

/// `/app/`: the score page (README, "The score page"), a FHIR app the gateway serves from
/// `ScorePageFiles`, public like discovery (it holds no data: everything it shows it reads from `/fhir`
/// with the user's token). `/app/config.json` tells the page where the FHIR API is, whether it must get
/// a token first (SMART App Launch, http://hl7.org/fhir/smart-app-launch/app-launch.html) and with
/// which client id and scopes.
struct ScorePageController {
    let files: ScorePageFiles
    let settings: ScorePageSettings
    let authorization: GatewayAuthorization
    let address: FHIRAddress
    /// On every file, built once.
    private let securityHeaders: HTTPFields

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    init(files: ScorePageFiles, settings: ScorePageSettings, authorization: GatewayAuthorization, address: FHIRAddress) {
        self.files = files
        self.settings = settings
        self.authorization = authorization
        self.address = address
        securityHeaders = Self.securityHeaders(authorization)
    }

    func register(on router: Router<GatewayRequestContext>) {
        // The router takes `/app` and `/app/` alike: `/app` is sent to `/app/`, so the page's relative
        // addresses and its redirect URI have one form.
        router.get("app") { request, _ in
            guard request.uri.path.hasSuffix("/") else {
                return Response(status: .movedPermanently, headers: [.location: "/app/"])
            }
            return try serve(request)
        }
        router.get("app/config.json") { request, context in
            var response = try JSONResponse.make(configuration(request, context))
            response.headers[.cacheControl] = "no-store"
            return response
        }
        router.get("app/**") { request, _ in try serve(request) }
    }

    /// The file the request names, or 304 when the client holds it already.
    private func serve(_ request: Request) throws -> Response {
        let path = request.uri.path.dropFirst("/app".count)
        guard let file = files.file(at: path) else {
            throw APIError(.notFound, code: "not_found", "the score page has no file \(request.uri.path)")
        }
        var headers = securityHeaders
        headers[.contentType] = file.contentType
        headers[.eTag] = file.etag
        // Served from memory and small: revalidated on every load, so a new release shows at once.
        headers[.cacheControl] = "no-cache"
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == file.etag
        }) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.body))
    }

    /// What the page needs to start: the FHIR base (as `fullUrl`s name it: `aud` of the authorization
    /// request), and with authorization on, the client id and scopes it asks for.
    private func configuration(_ request: Request, _ context: GatewayRequestContext) -> PageConfiguration {
        let base = address.base(request, remoteAddress: context.remoteAddress)
        guard case .smart = authorization else {
            return PageConfiguration(fhirBase: base, authorization: "none", clientID: nil, scope: nil)
        }
        return PageConfiguration(fhirBase: base, authorization: "smart", clientID: settings.clientID, scope: settings.scope)
    }

    /// The page runs only its own scripts and styles and talks only to this origin and, with
    /// authorization on, the identity provider's token endpoint; it may not be framed, and its URL (which
    /// carries the authorization code for a moment) is never sent on as a referrer.
    private static func securityHeaders(_ authorization: GatewayAuthorization) -> HTTPFields {
        var connect = "'self'"
        if case .smart(let smart) = authorization, let token = smart.tokenEndpoint.flatMap(URL.init(string:)),
           let scheme = token.scheme, let host = token.host {
            connect += " \(scheme)://\(host)" + (token.port.map { ":\($0)" } ?? "")
        }
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src \(connect); form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[referrerPolicy] = "no-referrer"
        return headers
    }
}

/// The body of `/app/config.json`.
private struct PageConfiguration: Encodable {
    var fhirBase: String
    var authorization: String
    var clientID: String?
    var scope: String?

    enum CodingKeys: String, CodingKey {
        case fhirBase = "fhir_base", authorization, clientID = "client_id", scope
    }
}

/// How the score page asks for a token when authorization is on (`--app-client-id`, `--app-scope`).
public struct ScorePageSettings: Sendable {
    /// The client id the page is registered under at the identity provider (a public client with
    /// PKCE, redirect URI `<server>/app/`).
    public var clientID: String
    /// The scopes it asks for. The default is a patient's standalone launch; a clinician's app asks
    /// for `user/` scopes, with which the population view works too.
    public var scope: String

    public static let defaultClientID = "health-gateway-score-page"
    public static let defaultScope = "openid fhirUser launch/patient patient/Patient.rs patient/Observation.rs"

    public init(clientID: String = defaultClientID, scope: String = defaultScope) {
        self.clientID = clientID
        self.scope = scope
    }
}
