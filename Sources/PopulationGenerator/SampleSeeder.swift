import Foundation
public import Store

/// Loads the small population of `Samples/` into a new, empty database, once: a marker in the store's
/// metadata, written in the same transaction as the samples, keeps a restart from loading them twice.
public enum SampleSeeder {
    public static let metadataKey = "samples.loaded"

    public enum Result: Sendable, Equatable {
        case loaded(PopulationLoader.Summary)
        /// The samples were loaded before (possibly edited or deleted since: they are not loaded again).
        case alreadyLoaded
        /// The database holds users of its own; samples are only for new databases.
        case databaseNotEmpty
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case invalid(path: String, PopulationFile.LineError)
        case store(any Error)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "cannot read samples at \(path): \(reason)"
            case .invalid(let path, let error): return "samples at \(path) are invalid: \(error)"
            case .store(let error): return "loading samples failed: \(error)"
            }
        }
    }

    /// Throws only `Failure`.
    public static func seedIfNew(_ store: some HealthStore, from path: String) async throws -> Result {
        do {
            if try await store.metadata(metadataKey) != nil { return .alreadyLoaded }
            if try await !store.users(PageRequest(limit: 1)).items.isEmpty { return .databaseNotEmpty }
        } catch {
            throw Failure.store(error)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure.unreadable(path: path, reason: error.localizedDescription)
        }
        let members: [PopulationMember]
        do {
            members = try PopulationFile.members(from: data)
        } catch let error as PopulationFile.LineError {
            throw Failure.invalid(path: path, error)
        } catch {
            throw Failure.unreadable(path: path, reason: String(describing: error))
        }
        do {
            let marker = WriteOperation.setMetadata(key: metadataKey, value: URL(fileURLWithPath: path).lastPathComponent)
            let summary = try await PopulationLoader.load(members, into: store, membersPerBatch: .max,
                                                          finalOperations: [marker])
            return .loaded(summary)
        } catch {
            throw Failure.store(error)
        }
    }
}
