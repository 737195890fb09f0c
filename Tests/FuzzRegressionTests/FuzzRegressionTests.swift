import Foundation
import FuzzTargets
import Testing

/// Every input that ever crashed a fuzz target (`Tests/Fixtures/fuzz/<target>/`), and the seeds the
/// fuzzers start from, run through the targets: each must return. A crash here stops the test process,
/// which fails the run.
@Suite struct FuzzRegressionTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The files of a folder below `Tests/Fixtures`, sorted; none when it does not exist.
    static func files(_ folder: String, suffix: String = "") -> [URL] {
        let url = fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted().map { url.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyCrashFoundStaysFixed(_ target: FuzzTarget) throws {
        for file in Self.files("fuzz/\(target.rawValue)") {
            target.run(Array(try Data(contentsOf: file)))
        }
    }

    /// The seeds (`scripts/fuzz` starts from these): the official examples, whole and cut short.
    @Test(arguments: FuzzTarget.allCases)
    func theSeedsAndTheirPrefixesReturn(_ target: FuzzTarget) throws {
        let suffix = target == .fhirXML ? ".xml" : ".json"
        let seeds = Self.files("fhir-r4-examples", suffix: suffix)
        #expect(seeds.count > 50)
        for file in seeds {
            let bytes = Array(try Data(contentsOf: file))
            for length in [bytes.count, bytes.count / 2, bytes.count / 3, 1] { target.run(Array(bytes.prefix(length))) }
        }
    }
}
