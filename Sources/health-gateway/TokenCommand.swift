import ArgumentParser
import Auth
import Foundation

/// `health-gateway token`: a signing key of your own and SMART access tokens signed with it, to run
/// `serve --auth smart` without an identity provider (README, "Authorization"; `scripts/mint-token`).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make a signing key and mint SMART access tokens with it (for trying --auth smart); sign backend clients' assertions.",
        subcommands: [KeyCommand.self, MintCommand.self, AssertionCommand.self]
    )

    struct KeyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key",
            abstract: "Write a new P-256 private key (PEM) and its public JWKS, for serve --auth-jwks.")

        @Option(help: ArgumentHelp("Where to write the private key (PEM).", valueName: "file"))
        var privateKey: String

        @Option(help: ArgumentHelp("Where to write the public key set (JWKS).", valueName: "file"))
        var jwks: String

        @Option(help: ArgumentHelp("The key's id ('kid').", valueName: "kid"))
        var kid = "dev-1"

        func run() async throws {
            let issuer = TokenIssuer(issuer: "", kid: kid)
            try Data(issuer.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: privateKey))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: privateKey)
            try Data(issuer.publicJWKS.utf8).write(to: URL(fileURLWithPath: jwks))
            print("wrote \(privateKey) (private, keep it) and \(jwks) (public: serve --auth-jwks \(jwks))")
        }
    }

    struct MintCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mint",
            abstract: "Print an ES256 access token signed with a key from 'token key'.")

        @Option(help: ArgumentHelp("The private key (PEM) of 'token key'.", valueName: "file"))
        var privateKey: String

        @Option(help: ArgumentHelp("The key's id ('kid'), as in the JWKS.", valueName: "kid"))
        var kid = "dev-1"

        @Option(help: ArgumentHelp("'iss': the issuer serve --auth-issuer names.", valueName: "url"))
        var issuer: String

        @Option(help: ArgumentHelp("'aud': the server's FHIR base URL (serve --auth-audience).", valueName: "url"))
        var audience: String

        @Option(help: ArgumentHelp("The granted scopes, space-separated ('patient/*.rs').", valueName: "scopes"))
        var scope: String

        @Option(help: ArgumentHelp("The 'patient' launch context (a Patient id).", valueName: "id"))
        var patient: String?

        @Option(help: ArgumentHelp("'fhirUser' (Patient/1, Practitioner/7).", valueName: "reference"))
        var fhirUser: String?

        @Option(help: ArgumentHelp("'sub' and 'client_id'.", valueName: "name"))
        var subject = "dev-client"

        @Option(help: ArgumentHelp("Seconds the token is valid.", valueName: "seconds"))
        var lifetime: Int = 3600

        func run() async throws {
            guard (1...86_400 * 365).contains(lifetime) else { throw ValidationError("--lifetime must be 1 s to a year") }
            let pem = try String(contentsOfFile: privateKey, encoding: .utf8)
            let issuer = try TokenIssuer(issuer: issuer, kid: kid, privateKeyPEM: pem)
            print(try await issuer.mint(subject: subject, audience: audience, scope: scope, clientID: subject,
                                        patient: patient, fhirUser: fhirUser, lifetime: TimeInterval(lifetime)))
        }
    }

    struct AssertionCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assertion",
            abstract: "Print client assertions of a backend client, one per line, for POST /auth/token.",
            discussion: """
                Signs with the client's private key (RS384 for RSA, ES384 for P-384): iss = sub = the client id, \
                aud = the token URL, a random jti each. scripts/backend-token does the same with openssl.
                """)

        @Option(help: ArgumentHelp("The client's private key (PEM): RSA or P-384.", valueName: "file"))
        var privateKey: String

        @Option(help: ArgumentHelp("The key's id ('kid') in the client's registered JWKS.", valueName: "kid"))
        var kid: String

        @Option(help: ArgumentHelp("The client id it was registered with.", valueName: "id"))
        var clientId: String

        @Option(help: ArgumentHelp("The token endpoint ('aud').", valueName: "url"))
        var tokenUrl = "http://127.0.0.1:8080/auth/token"

        @Option(help: ArgumentHelp("How many assertions (each with its own jti).", valueName: "n"))
        var count = 1

        @Option(help: ArgumentHelp("Seconds until they expire (at most 300).", valueName: "seconds"))
        var lifetime = 240

        func run() async throws {
            guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be 1 to 1,000,000") }
            guard (1...300).contains(lifetime) else { throw ValidationError("--lifetime must be 1 to 300 seconds") }
            let pem = try String(contentsOfFile: privateKey, encoding: .utf8)
            let signer = try await ClientAssertionSigner(clientID: clientId, kid: kid, privateKeyPEM: pem)
            var lines = ""
            for _ in 0..<count {
                lines += try await signer.assertion(tokenURL: tokenUrl, lifetime: TimeInterval(lifetime)) + "\n"
                if lines.utf8.count > 1 << 20 {
                    print(lines, terminator: "")
                    lines = ""
                }
            }
            print(lines, terminator: "")
        }
    }
}
