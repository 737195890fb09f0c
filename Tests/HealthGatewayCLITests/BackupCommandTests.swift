import ArgumentParser
import Foundation
import GatewayServer
@testable import health_gateway
import HTTPTypes
import HummingbirdTesting
import NativeModel
import NIOCore
import StoreSQLite
import Testing

/// `health-gateway backup`: a consistent, checked copy of an SQLite database the server is writing to,
/// never over an existing file unless asked; PostgreSQL pointed to its own tools.
@Suite struct BackupCommandTests {
    @Test func aRunningDatabaseIsCopiedWholeAndChecked() async throws {
        let folder = ImportCommandTests.temporary("backup")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("gateway.sqlite").path
        let copy = folder.appendingPathComponent("copies/gateway-copy.sqlite").path
        let generated = try CommandLineTests.run(["generate", "--patients", "20", "--days", "10", "--seed", "3",
                                                  "--last-day", "2026-11-19", "--format", "database", "--out", source])
        #expect(generated.status == 0, "\(generated.output)")
        let store = try SQLiteStore(path: source)
        let before = try await store.rowCounts()
        let application = buildApplication(GatewayConfiguration(port: 0, samplesPath: nil), store: store)
        try await application.test(.live) { client in
            // The server keeps writing while the copy is taken.
            let writes = Task {
                for index in 0..<40 {
                    _ = try await client.execute(uri: "/api/v1/users", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"email":"w\#(index)@example.org"}"#))
                }
            }
            let backedUp = try await ImportCommandTests.runOffThePool(["backup", "--database", source, "--out", copy])
            try await writes.value
            #expect(backedUp.status == 0, "\(backedUp.output)")
            #expect(backedUp.output.contains("integrity ok") && backedUp.output.contains("users "), "\(backedUp.output)")
            let copied = try await SQLiteStore(path: copy).rowCounts()
            let after = try await store.rowCounts()
            #expect((before[.users] ?? 0)...(after[.users] ?? 0) ~= (copied[.users] ?? -1), "one state between the two")
            #expect(copied[.vitalSigns] == before[.vitalSigns] && copied[.sleep] == before[.sleep])

            let again = try await ImportCommandTests.runOffThePool(["backup", "--database", source, "--out", copy])
            #expect(again.status != 0, "an existing file is not replaced")
            let forced = try await ImportCommandTests.runOffThePool(["backup", "--database", source, "--out", copy, "--force"])
            #expect(forced.status == 0 && forced.output.contains("integrity ok"), "\(forced.output)")
        }
    }

    @Test func aPostgreSQLDatabaseIsPointedToItsOwnTools() async throws {
        let out = ImportCommandTests.temporary("pg-backup.sqlite")
        let command = try BackupCommand.parse(["--database", "postgresql://gateway@127.0.0.1:1/health", "--out", out.path])
        var message = ""
        do {
            try await command.run()
        } catch let error as ArgumentParser.ValidationError {
            message = error.message
        }
        #expect(message.contains("pg_dump"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
