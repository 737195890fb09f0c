import FHIRTestSupport
import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/app/`, the score page's files, over HTTP: served from memory with their types, validators and the
/// page's security headers; views of the page answered with `index.html`; nothing else; public with
/// authorization on; and `/app/config.json` telling the page how to start.
@Suite struct ScorePageServingTests {
    static func files() throws -> ScorePageFiles {
        try ScorePageFiles(folder: FHIRSchema.repository.appendingPathComponent("App"))
    }

    @Test func filesAreServedWithTheirTypesAndValidators() async throws {
        let files = try Self.files()
        try await TestGateway.run(configure: { $0.scorePage = files }) { client, _ in
            let index = try await client.send(.get, "/app/")
            #expect(index.status == .ok)
            #expect(index.headers[.contentType] == "text/html; charset=utf-8")
            #expect(index.bodyText.contains(#"<script type="module" src="/app/js/main.js"></script>"#))
            #expect(index.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(index.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(index.headers[.xContentTypeOptions] == "nosniff")
            #expect(index.headers[.cacheControl] == "no-cache")
            let etag = try #require(index.headers[.eTag])
            let again = try await client.execute(uri: "/app/", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)

            let script = try await client.send(.get, "/app/js/main.js")
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            let style = try await client.send(.get, "/app/app.css")
            #expect(style.status == .ok && style.headers[.contentType] == "text/css; charset=utf-8")

            // A view of the page is the page; its script shows the view.
            for view in ["/app/patients/1", "/app/patients/1?asOf=2026-11-15", "/app/patients/abc/"] {
                let response = try await client.send(.get, view)
                #expect(response.status == .ok && response.bodyText == index.bodyText, "\(view)")
            }
            let root = try await client.send(.get, "/app")
            #expect(root.status == .movedPermanently && root.headers[.location] == "/app/")
        }
    }

    @Test(arguments: ["/app/js/missing.js", "/app/../Package.swift", "/app/%2e%2e/Package.swift", "/app/README.md"])
    func nothingElseIsServed(_ path: String) async throws {
        let files = try Self.files()
        try await TestGateway.run(configure: { $0.scorePage = files }) { client, _ in
            let response = try await client.send(.get, path)
            #expect(response.status == .notFound, "\(path): \(response.bodyText)")
            #expect(!response.bodyText.contains("swift-tools-version"))
        }
    }

    @Test func withoutAPageThereIsNoApp() async throws {
        try await TestGateway.run { client, _ in
            let response = try await client.send(.get, "/app/")
            #expect(response.status == .notFound, "\(response.bodyText)")
        }
    }

    @Test func theConfigurationTellsThePageHowToStart() async throws {
        let files = try Self.files()
        try await TestGateway.run(configure: {
            $0.scorePage = files
            $0.address = FHIRAddress(publicURL: "https://fhir.example.org/")
        }) { client, _ in
            let open = try await client.send(.get, "/app/config.json")
            #expect(open.status == .ok && open.headers[.cacheControl] == "no-store")
            #expect(open.json["fhir_base"] as? String == "https://fhir.example.org/fhir")
            #expect(open.json["authorization"] as? String == "none")
            #expect(open.json["client_id"] == nil)
        }
        try await AuthGateway.run(configure: {
            $0.scorePage = files
            $0.scorePageSettings = ScorePageSettings(clientID: "score-page", scope: "user/*.rs")
        }) { client, _ in
            // Public: the page and its configuration hold no data; the FHIR API still needs a token.
            let config = try await client.call(.get, "/app/config.json", token: .none)
            #expect(config.status == .ok, "\(config.bodyText)")
            #expect(config.json["authorization"] as? String == "smart")
            #expect(config.json["client_id"] as? String == "score-page" && config.json["scope"] as? String == "user/*.rs")
            let page = try await client.call(.get, "/app/patients/1", token: .none)
            #expect(page.status == .ok)
            // The token endpoint is the one other origin the page may talk to.
            #expect(page.headers[.contentSecurityPolicy]?.contains("connect-src 'self' https://idp.test.example;") == true,
                    "\(page.headers[.contentSecurityPolicy] ?? "")")
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .none).status == .unauthorized)
        }
    }
}
