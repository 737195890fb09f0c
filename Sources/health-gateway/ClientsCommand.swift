import ArgumentParser
import Auth
import Foundation
import Store

/// `health-gateway clients`: the backend clients that may get tokens from the gateway's own token
/// endpoint (SMART Backend Services; README, "Backend services"). Kept in the store, so a client
/// registered once is known to every node on the database.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "Register, list and remove the backend clients of the gateway's token endpoint.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a backend client (or replace its registration).",
            discussion: """
                The client signs its token requests with a private key (RS384 or ES384); --jwks is its public \
                key set: a file, read now and kept in the store, or an https URL the client publishes it at, \
                fetched when the client asks for a token. Only system/ scopes may be registered; a token gets \
                the scopes it asks for that these allow.
                """)

        @OptionGroup var database: DatabaseOption

        @Option(help: ArgumentHelp("The client's id: the 'iss' and 'sub' of its assertions.", valueName: "id"))
        var id: String

        @Option(help: ArgumentHelp("The client's public JSON Web Key Set: a file or an https URL.", valueName: "file-or-url"))
        var jwks: String

        @Option(help: ArgumentHelp("The scopes it may be granted, space-separated (\"system/*.rs system/Observation.c\").",
                                   valueName: "scopes"))
        var scope: String

        func run() async throws {
            let keys: BackendClient.KeySet
            switch try JWKSSource(jwks) {
            case .url(let url): keys = .url(url.absoluteString)
            case .file(let path):
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw ValidationError("--jwks: \(path) cannot be read")
                }
                keys = .inline(text)
            }
            let client: BackendClient
            do {
                client = try BackendClient(id: id, keys: keys, scope: scope, registeredAt: Date())
            } catch {
                throw ValidationError(error.description)
            }
            let replaced = try await database.open().using { store in try await BackendClients(store: store).register(client) }
            print("\(replaced ? "re-registered" : "registered") backend client \(client.id) with scopes: \(client.scope)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered backend clients.")

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let clients = try await database.open().using { store in try await BackendClients(store: store).all() }
            if clients.isEmpty { print("no backend clients are registered") }
            for client in clients {
                let keys: String
                switch client.keys {
                case .inline: keys = "keys kept in the store"
                case .url(let url): keys = "keys at \(url)"
                }
                let registered = Date(timeIntervalSince1970: client.registeredAt).formatted(.iso8601)
                print("\(client.id)\tregistered \(registered)\t\(keys)\tscopes: \(client.scope)")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a backend client: it gets no new tokens (those it has expire within five minutes).")

        @OptionGroup var database: DatabaseOption

        @Option(help: ArgumentHelp("The client's id.", valueName: "id"))
        var id: String

        func run() async throws {
            do {
                try await database.open().using { store in try await BackendClients(store: store).remove(id) }
            } catch let error as BackendClientError {
                throw ValidationError(error.description)
            }
            print("removed backend client \(id)")
        }
    }
}
