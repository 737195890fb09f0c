import ArgumentParser
import FHIRFormat
import Foundation
import Interactions

/// `health-gateway profiles`: writes the gateway's StructureDefinitions and ValueSet, generated from
/// its LOINC table, as FHIR JSON files (`Profiles/` holds the current ones).
struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Write the gateway's profiles and value set (generated from its LOINC table) as FHIR JSON files."
    )

    @Option(help: "The folder to write them to, one Type-id.json file each.")
    var out = "Profiles"

    func run() throws {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (address, resource) in ProfileCatalog.resources {
            let file = folder.appendingPathComponent(address.replacingOccurrences(of: "/", with: "-") + ".json")
            try Data(ProfileCatalog.fileBytes(resource)).write(to: file)
        }
        print("wrote \(ProfileCatalog.resources.count) resources to \(folder.path)")
    }
}
