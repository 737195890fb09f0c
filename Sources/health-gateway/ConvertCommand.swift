import ArgumentParser
import FHIRFormat
import FHIRModels
import Foundation

/// `health-gateway convert`: one FHIR resource from JSON to XML or back, through the gateway's models
/// (so it is checked on the way: unknown elements and invalid values are reported with their FHIRPath).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a FHIR resource between JSON and XML (checked on the way), to standard output."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, xml
    }

    @Argument(help: "The resource file; its format is read from its extension (.json or .xml).")
    var file: String

    @Option(help: "The format to write: json or xml.")
    var to: Format

    @Flag(help: "Indent the output.")
    var pretty = false

    func run() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        let resource: AnyResource
        do {
            resource = try FHIRFile.decode(bytes, named: file)
        } catch let error as FHIRDecodingError {
            throw ValidationError(error.issues.map(\.description).joined(separator: "\n"))
        }
        let output = to == .xml ? FHIRXML.encode(resource, pretty: pretty) : FHIRJSON.encode(resource, pretty: pretty)
        FileHandle.standardOutput.write(Data(output + (pretty && to == .json ? [UInt8(ascii: "\n")] : [])))
    }
}
