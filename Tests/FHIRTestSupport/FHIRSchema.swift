public import Foundation

/// Validates FHIR R4 JSON against the official JSON schema, through `scripts/validate-fhir-json.py`
/// (Python's `jsonschema`, which `scripts/test` installs). Everything the gateway emits is checked
/// this way.
public enum FHIRSchema {
    /// The repository's root directory.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The problems the schema finds in each resource of `files` (one resource per file), one line
    /// each; empty when all are valid. Throws when the validator cannot run at all.
    public static func problems(in files: [URL]) throws -> [String] {
        try run(files.map(\.path))
    }

    /// The problems the schema finds in an NDJSON file: one resource per line.
    public static func problems(inNDJSON file: URL) throws -> [String] {
        try run(["--ndjson", file.path])
    }

    private static func run(_ arguments: [String]) throws -> [String] {
        let (status, text) = try ValidatorProcess.run(
            ["python3", repository.appendingPathComponent("scripts/validate-fhir-json.py").path] + arguments)
        let lines = text.split(separator: "\n").map(String.init)
        switch status {
        case 0: return []
        case 1 where !lines.isEmpty: return lines
        default: throw ValidatorFailure(output: text)
        }
    }

    /// The validator did not run (no python3, no jsonschema): the message says how to fix it.
    public struct ValidatorFailure: Error, CustomStringConvertible {
        public var output: String
        public var description: String { "the FHIR schema validator did not run: \(output)" }
    }
}

/// Validates FHIR R4 XML against the official schema (`fhir-single.xsd`) with `xmllint --schema`
/// (Debian's libxml2-utils, which `scripts/test` installs).
public enum FHIRXMLSchema {
    public static let schema = FHIRSchema.repository.appendingPathComponent("Tests/Fixtures/fhir-r4-core/xsd/fhir-single.xsd")

    /// The problems xmllint finds in `files`, one line each; empty when every file is valid.
    public static func problems(in files: [URL]) throws -> [String] {
        let (status, text) = try ValidatorProcess.run(["xmllint", "--noout", "--nonet", "--schema", schema.path]
            + files.map(\.path))
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasSuffix(" validates") }
        switch status {
        case 0: return []
        case 3 where !lines.isEmpty: return lines  // xmllint: 3 = validation errors
        default: throw FHIRSchema.ValidatorFailure(output: text)
        }
    }
}

/// Runs a validator and collects what it prints.
enum ValidatorProcess {
    static func run(_ command: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
