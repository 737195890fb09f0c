import ArgumentParser
import Foundation
import NativeModel
import PopulationGenerator
import Store
import StoreFactory

/// `health-gateway generate`: a deterministic synthetic population, to a file or straight into a database.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a synthetic population of users and their measurements.",
        discussion: """
            The same --seed, --patients, --days and --last-day give the same population, byte for byte. \
            Samples/population.ndjson was made with: \
            health-gateway generate --patients 30 --days 28 --seed 42 --last-day 2026-11-15 --out Samples/population.ndjson
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// NDJSON, one user with all their measurements per line (the format of Samples/).
        case native
        /// FHIR Bulk Data NDJSON as an EHR exports it: a folder with Patient.ndjson, Observation.ndjson and
        /// Encounter.ndjson.
        case ndjson
        /// FHIR transaction Bundles, one per user, one per line.
        case bundles
        /// Rows written straight into a database, an SQLite file (created if missing) or a postgresql:// URL;
        /// it must have no users.
        case database
    }

    @Option(help: "How many users.")
    var patients: Int

    @Option(help: "How many days of measurements each user has.")
    var days: Int = 30

    @Option(help: "The seed of the random streams.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The last day with measurements, YYYY-MM-DD (default: yesterday, UTC).", valueName: "date"))
    var lastDay: String?

    @Option(help: ArgumentHelp("native: the native NDJSON of Samples/; ndjson: FHIR Bulk Data NDJSON (a folder); "
        + "bundles: FHIR transaction Bundles, one per line; database: an SQLite file or a postgresql:// URL.", valueName: "format"))
    var format: Format = .native

    @Option(help: ArgumentHelp("For --format ndjson and bundles: the share of each patient's resources the gateway does "
        + "not map (encounters, conditions, claims, explanations of benefit, …), as real EHR exports have them (0.8 and "
        + "more); default 0, one Encounter.", valueName: "fraction"))
    var unmappedShare: Double = 0

    @Option(help: ArgumentHelp("Where to write: a file, the folder of --format ndjson, or the database (a path or a postgresql:// URL).",
                               valueName: "path"))
    var out: String

    func validate() throws {
        guard patients > 0 else { throw ValidationError("--patients must be positive") }
        guard (1...3_650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
        guard (0...0.95).contains(unmappedShare) else { throw ValidationError("--unmapped-share must be from 0 to 0.95") }
        if let lastDay, PartialDate(parsing: lastDay)?.day == nil {
            throw ValidationError("--last-day '\(lastDay)' is not a date like 2026-11-15")
        }
    }

    func run() async throws {
        let lastDay = self.lastDay.flatMap { PartialDate(parsing: $0) }
            ?? OffsetDateTime(Instant.now().adding(minutes: -1440), utcOffsetMinutes: 0).localDate
        let generator = PopulationGenerator(seed: seed, days: days, lastDay: lastDay)
        let started = Date()
        let counts: (members: Int, measurements: Int)
        switch format {
        case .native:
            counts = try PopulationFile.write(generator.members(count: patients), to: URL(fileURLWithPath: out))
        case .ndjson:
            let written = try FHIRPopulationFile.writeNDJSON(generator.members(count: patients), seed: seed,
                                                             unmappedShare: unmappedShare, to: URL(fileURLWithPath: out, isDirectory: true))
            print("FHIR NDJSON: " + written.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            counts = (written["Patient"] ?? 0, written["Observation"] ?? 0)
        case .bundles:
            let written = try FHIRPopulationFile.writeBundles(generator.members(count: patients), seed: seed,
                                                              unmappedShare: unmappedShare, to: URL(fileURLWithPath: out))
            print("FHIR transaction Bundles: \(written.bundles), with \(written.resources) resources")
            counts = (written.bundles, written.resources - written.bundles)
        case .database:
            let members = generator.members(count: patients)
            let opened = try StoreFactory.open(StoreLocation(out))
            let summary = try await opened.using { store in
                if try await !store.users(PageRequest(limit: 1)).items.isEmpty {
                    throw ValidationError("\(opened.description) already has users; generate into a new database")
                }
                return try await PopulationLoader.load(members, into: store)
            }
            counts = (summary.users, summary.measurements)
        }
        let seconds = Date().timeIntervalSince(started)
        let what = format == .native || format == .database ? "measurements" : "other resources"
        print("generated \(counts.members) users and \(counts.measurements) \(what) (last day \(lastDay)) "
              + "to \(out) in \(String(format: "%.1f", seconds)) s")
    }
}
