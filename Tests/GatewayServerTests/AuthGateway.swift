import Auth
import AuthTestSupport
import Foundation
import GatewayServer
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NativeModel
import Store
import StoreTestSupport
import Testing

/// A gateway with `--auth smart` over the test identity provider, and two patients with one lab
/// result, one blood pressure and one day of activity each: what the authorization tests walk.
enum AuthGateway {
    /// The identity provider's clock and the gateway's: tokens are minted relative to it.
    static let now = Date(timeIntervalSince1970: 1_795_132_800)
    static let idp = TestIdentityProvider.shared
    static let laboratory = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"

    /// The tokens of the matrix, by name.
    enum Token: String, CaseIterable, Sendable, CustomStringConvertible {
        case none, expired, notYetValid, wrongAudience, wrongIssuer, unknownKey, tampered, algNone, hmacWithPublicKey
        case patientOwn, patientOther, granularLaboratory, userPatient, system
        /// Backend services that may read Observations but not Patients, and the other way round.
        case observationsOnly, patientsOnly
        /// Another backend client with every system scope; one whose Observation scope is for laboratory results only.
        case otherBackend, systemLaboratory

        var description: String { rawValue }

        /// Tokens that must not get in.
        static let bad: [Token] = [.none, .expired, .notYetValid, .wrongAudience, .wrongIssuer, .unknownKey, .tampered,
                                   .algNone, .hmacWithPublicKey]

        func header() async throws -> String? {
            let exp = AuthGateway.now.timeIntervalSince1970 + 600
            let patientScope = "launch/patient openid fhirUser patient/*.cruds"
            func claims(_ scope: String, patient: String? = nil, fhirUser: String? = nil) -> TestTokenClaims {
                TestTokenClaims(exp: exp, scope: scope, patient: patient, fhirUser: fhirUser)
            }
            let idp = AuthGateway.idp
            let token: String
            switch self {
            case .none: return nil
            case .expired:
                token = try await idp.token(TestTokenClaims(exp: exp - 1_200, scope: patientScope, patient: "1"))
            case .notYetValid:
                token = try await idp.token(TestTokenClaims(exp: exp, nbf: exp - 300, scope: patientScope, patient: "1"))
            case .wrongAudience:
                token = try await idp.token(TestTokenClaims(aud: "https://other.example/fhir", exp: exp, scope: patientScope,
                                                            patient: "1"))
            case .wrongIssuer:
                token = try await idp.token(TestTokenClaims(iss: "https://evil.example", exp: exp, scope: patientScope,
                                                            patient: "1"))
            case .unknownKey: token = try await idp.token(claims(patientScope, patient: "1"), kid: "rotated-away")
            case .tampered: token = try await idp.tampered(claims(patientScope, patient: "1"))
            case .algNone: token = try idp.unsigned(claims("system/*.cruds"))
            case .hmacWithPublicKey: token = try await idp.hmacWithPublicKey(claims("system/*.cruds"))
            case .patientOwn: token = try await idp.token(claims(patientScope, patient: "1"), algorithm: .rs256)
            case .patientOther: token = try await idp.token(claims(patientScope, patient: "2"))
            case .granularLaboratory:
                token = try await idp.token(claims("patient/Patient.rs patient/Observation.rs?category=\(AuthGateway.laboratory)",
                                                   patient: "1"), algorithm: .es384)
            case .userPatient:
                var claims = claims("user/*.cruds", fhirUser: "Patient/1")
                claims.sub = "ana.silva"  // the patient signed in to a patient-facing app
                token = try await idp.token(claims, algorithm: .rs384)
            case .system: token = try await idp.token(claims("system/*.cruds"))
            case .observationsOnly: token = try await idp.token(claims("system/Observation.rs"))
            case .patientsOnly: token = try await idp.token(claims("system/Patient.rs"))
            case .otherBackend:
                token = try await idp.token(TestTokenClaims(exp: exp, scope: "system/*.cruds", clientID: "analytics-job"))
            case .systemLaboratory:
                token = try await idp.token(claims("system/Patient.rs system/Observation.rs?category=\(AuthGateway.laboratory)"))
            }
            return "Bearer \(token)"
        }
    }

    static func run(minimumPopulation: Int = 10, configure: (inout GatewayConfiguration) -> Void = { _ in },
                    _ test: @escaping @Sendable (any TestClientProtocol, any HealthStore) async throws -> Void) async throws {
        let verifier = try await TokenVerifier(issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.audience,
                                               jwks: .file(idp.jwksFile()), now: { now })
        var configuration = GatewayConfiguration(maxBodySize: TestGateway.maxBodySize,
                                                 clock: { TestGateway.now })
        configuration.authorization = .smart(SMARTAuthorization(
            verifier: verifier, audience: TestIdentityProvider.audience, authorizationEndpoint: "https://idp.test.example/authorize",
            tokenEndpoint: "https://idp.test.example/token", minimumPopulation: minimumPopulation))
        configure(&configuration)
        let settled = configuration
        try await TestStores.withStore { store in
            try await seed(store)
            let application = buildApplication(settled, store: store)
            try await application.test(.router) { client in try await test(client, store) }
        }
    }

    /// Users 1 and 2; lab-1, vital-1, act-1-* are user 1's, lab-2, vital-2, act-2-* user 2's.
    static func seed(_ store: some HealthStore) async throws {
        for index in 1...2 {
            var user = try NativeJSON.decode(UserRecord.self, from: Data(Bodies.user.utf8))
            user.email = "patient\(index)@example.org"
            user.identifiers = [ExternalIdentifier(system: "urn:oid:2.16.840.1.113883.3.9999.1", value: "MRN-\(index)")]
            let owner = UserRef.id(Int64(index))
            try await store.apply([
                .createUser(user),
                .createMeasurement(try NativeJSON.decode(BloodTestRecord.self, from: Data(Bodies.bloodTest.utf8)), owner: owner),
                .createMeasurement(try NativeJSON.decode(VitalSignRecord.self, from: Data(Bodies.vital.utf8)), owner: owner),
                .createMeasurement(try NativeJSON.decode(ActivityRecord.self, from: Data(Bodies.activity.utf8)), owner: owner),
            ])
        }
    }
}

extension TestClientProtocol {
    /// A request with the token's `Authorization` header.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: AuthGateway.Token, body: String? = nil,
              contentType: String = "application/fhir+json", headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let header = try await token.header() { headers[.authorization] = header }
        if body != nil { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The resources of a Bundle's entries, as `Type/id` with the Patient each is about (a Patient's own id,
    /// an Observation's subject), leaving OperationOutcomes out.
    var entries: [(address: String, patient: String, category: String?)] {
        (json["entry"] as? [[String: Any]] ?? []).compactMap { entry in
            guard let resource = entry["resource"] as? [String: Any], let type = resource["resourceType"] as? String,
                  let id = resource["id"] as? String, type != "OperationOutcome"
            else { return nil }
            let patient = type == "Patient" ? id
                : ((resource["subject"] as? [String: Any])?["reference"] as? String ?? "").split(separator: "/").last.map(String.init) ?? ""
            let category = ((resource["category"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]])?.first?["code"] as? String
            return ("\(type)/\(id)", patient, category)
        }
    }
}
