import Foundation
import NativeModel
import PopulationGenerator
import Store
import StoreSQLite
import Testing

@Suite struct PopulationLoadingTests {
    static let generator = PopulationGenerator(seed: 3, days: 14, lastDay: PartialDate(year: 2026, month: 11, day: 15))

    @Test func loadingWritesEveryMemberWhole() async throws {
        let store = try SQLiteStore.inMemory()
        let members = Array(Self.generator.members(count: 25))
        let summary = try await PopulationLoader.load(members, into: store, membersPerBatch: 7)
        #expect(summary.users == 25)
        #expect(summary.measurements == members.map(\.measurementCount).reduce(0, +))
        let counts = try await store.rowCounts()
        #expect(counts[.users] == 25)
        let stored = [NativeTable.physicalActivity, .sleep, .bloodTests, .vitalSigns].map { counts[$0] ?? 0 }.reduce(0, +)
        #expect(stored == summary.measurements)
        let first = try #require(try await store.user(id: 1))
        #expect(first.record == members[0].user)
    }

    @Test func aFileLineThatIsNotAMemberIsReportedByNumber() throws {
        let good = try NativeJSON.encode(Self.generator.member(0))
        let data = good + Data("\n\n{\"user\": {\"email\": 5}}\n".utf8)
        #expect {
            try PopulationFile.members(from: data)
        } throws: { error in
            guard let error = error as? PopulationFile.LineError else { return false }
            return error.line == 3 && error.error.issues.first?.field == "user.email"
        }
    }

    @Test func samplesAreLoadedIntoANewDatabaseOnlyOnce() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let samples = directory.appendingPathComponent("population.ndjson")
        try PopulationFile.write(Self.generator.members(count: 5), to: samples)
        let databasePath = directory.appendingPathComponent("gateway.sqlite").path

        let first = try SQLiteStore(path: databasePath)
        guard case .loaded(let summary) = try await SampleSeeder.seedIfNew(first, from: samples.path) else {
            Issue.record("a new database gets the samples")
            return
        }
        #expect(summary.users == 5)
        let counts = try await first.rowCounts()
        // A user deleted after seeding must not come back on restart.
        try await first.apply([.deleteUser(id: 1)])

        let reopened = try SQLiteStore(path: databasePath)
        #expect(try await SampleSeeder.seedIfNew(reopened, from: samples.path) == .alreadyLoaded)
        let afterRestart = try await reopened.rowCounts()
        #expect(afterRestart[.users] == 4)
        #expect((afterRestart[.vitalSigns] ?? 0) < (counts[.vitalSigns] ?? 0))
    }

    @Test func aDatabaseWithItsOwnUsersGetsNoSamples() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.apply([.createUser(UserRecord(email: "own@example.org"))])
        let directory = FileManager.default.temporaryDirectory
        let samples = directory.appendingPathComponent("samples-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: samples) }
        try PopulationFile.write(Self.generator.members(count: 2), to: samples)
        #expect(try await SampleSeeder.seedIfNew(store, from: samples.path) == .databaseNotEmpty)
        #expect(try await store.rowCounts()[.users] == 1)
    }

    @Test func missingSamplesAreAClearError() async throws {
        let store = try SQLiteStore.inMemory()
        await #expect(throws: SampleSeeder.Failure.self) {
            try await SampleSeeder.seedIfNew(store, from: "/nonexistent/population.ndjson")
        }
    }
}
