import ArgumentParser
import Auth
import Foundation
import Store

/// `health-gateway keys`: the gateway's own keys for the tokens it issues to backend clients (README,
/// "Backend services"). Made on first use and kept in the store; `rotate` makes a new one the signing
/// key, while the old one stays published (and its tokens valid) until they have expired.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List or rotate the gateway's token-signing keys.",
        subcommands: [List.self, Rotate.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the signing keys, the one that signs first.")

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let ring = try await database.open().using { store in try await SigningKeyRing.current(in: store) }
            KeysCommand.show(ring)
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new signing key; the old one is published until its tokens expire.",
            discussion: """
                Running servers sign with the new key from their next token and accept tokens of either. \
                Keys retired longer ago than a token lives are forgotten.
                """)

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let keep = BackendServices.tokenLifetime + 60
            let ring = try await database.open().using { store in try await SigningKeyRing.rotate(in: store, keep: keep) }
            KeysCommand.show(ring)
        }
    }

    static func show(_ ring: SigningKeyRing) {
        for key in ring.keys {
            let created = Date(timeIntervalSince1970: key.createdAt).formatted(.iso8601)
            let state = key.retiredAt.map { "retired \(Date(timeIntervalSince1970: $0).formatted(.iso8601))" } ?? "signing"
            print("\(key.kid)\tES256\tcreated \(created)\t\(state)")
        }
    }
}
