import Auth
import Foundation
import Hummingbird
import HTTPTypes

/// The document of `GET /fhir/.well-known/smart-configuration` (SMART App Launch 2,
/// http://hl7.org/fhir/smart-app-launch/conformance.html#metadata): where apps get tokens, which
/// scopes and client types this resource server understands.
struct SMARTConfiguration: Encodable {
    var issuer: String
    var jwksURI: String?
    var authorizationEndpoint: String?
    var tokenEndpoint: String?
    var grantTypesSupported = ["authorization_code", "client_credentials"]
    var tokenEndpointAuthMethodsSupported = ["private_key_jwt", "client_secret_basic"]
    var scopesSupported = [
        "openid", "fhirUser", "launch/patient", "offline_access",
        "patient/Patient.rs", "patient/Observation.rs", "patient/Observation.cruds", "patient/*.rs",
        "user/Patient.cruds", "user/Observation.cruds", "user/*.rs", "user/*.cruds",
        "system/Patient.cruds", "system/Observation.cruds", "system/*.rs", "system/*.cruds",
        "patient/*.read", "user/*.read", "system/*.read", "system/*.*",
    ]
    var responseTypesSupported = ["code"]
    var capabilities = [
        "launch-standalone", "client-public", "client-confidential-symmetric", "client-confidential-asymmetric",
        "context-standalone-patient", "sso-openid-connect", "permission-offline", "permission-patient",
        "permission-user", "permission-v1", "permission-v2",
    ]
    var codeChallengeMethodsSupported = ["S256"]
    /// What backend clients may sign their assertions with (SMART Backend Services).
    var tokenEndpointAuthSigningAlgValuesSupported = ["RS384", "ES384"]

    enum CodingKeys: String, CodingKey {
        case issuer
        case jwksURI = "jwks_uri"
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case grantTypesSupported = "grant_types_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case scopesSupported = "scopes_supported"
        case responseTypesSupported = "response_types_supported"
        case capabilities
        case codeChallengeMethodsSupported = "code_challenge_methods_supported"
        case tokenEndpointAuthSigningAlgValuesSupported = "token_endpoint_auth_signing_alg_values_supported"
    }

    init(_ smart: SMARTAuthorization) {
        issuer = smart.issuer
        jwksURI = smart.jwksURI ?? (smart.verifier == nil ? smart.backendJWKSURI : nil)
        authorizationEndpoint = smart.authorizationEndpoint
        tokenEndpoint = smart.advertisedTokenEndpoint
    }

    var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
