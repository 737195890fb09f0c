import FHIRModels
import FHIRFormat
public import Foundation

/// A population in FHIR, as EHRs exchange it: Bulk Data NDJSON (one file per resource type,
/// http://hl7.org/fhir/uv/bulkdata/) or transaction Bundles (one per person, one per line,
/// http://hl7.org/fhir/R4/http.html#transaction). Streams: memory stays flat for any count.
public enum FHIRPopulationFile {
    /// Writes `Patient.ndjson`, `Observation.ndjson` and `Encounter.ndjson` into `folder`.
    /// Returns how many resources of each type were written.
    @discardableResult
    public static func writeNDJSON(_ members: some Sequence<PopulationMember>, seed: UInt64, unmappedShare: Double = 0,
                                   to folder: URL) throws -> [String: Int]
    {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var writers: [String: LineWriter] = [:]
        defer { for writer in writers.values { try? writer.close() } }
        var counts: [String: Int] = [:]
        let export = EHRExport(seed: seed, unmappedShare: unmappedShare)
        for (index, member) in members.enumerated() {
            for resource in export.resources(of: member, index: index) {
                let type = resource.resourceType
                if writers[type] == nil {
                    writers[type] = try LineWriter(folder.appendingPathComponent("\(type).ndjson"))
                }
                try writers[type]?.write(FHIRJSON.encode(resource))
                counts[type, default: 0] += 1
            }
        }
        return counts
    }

    /// Writes one transaction Bundle per member to `file`, one per line: the Patient (created unless
    /// its MRN exists, `ifNoneExist`) and everything about them, linked by `urn:uuid:` references.
    @discardableResult
    public static func writeBundles(_ members: some Sequence<PopulationMember>, seed: UInt64, unmappedShare: Double = 0,
                                    to file: URL) throws -> (bundles: Int, resources: Int)
    {
        let writer = try LineWriter(file)
        defer { try? writer.close() }
        var counts = (bundles: 0, resources: 0)
        let export = EHRExport(seed: seed, unmappedShare: unmappedShare)
        for (index, member) in members.enumerated() {
            let bundle = transaction(export.resources(of: member, index: index), index: index, seed: seed)
            try writer.write(FHIRJSON.encode(bundle))
            counts.bundles += 1
            counts.resources += bundle.entry.count
        }
        return counts
    }

    /// The resources of one person as a transaction Bundle with `urn:uuid:` full URLs.
    static func transaction(_ resources: [AnyResource], index: Int, seed: UInt64) -> FHIRModels.Bundle {
        var random = SeededRandom(seed: seed ^ 0x6275_6e64_6c65, stream: UInt64(index))
        let patientURL = uuid(&random)
        var entries: [BundleEntry] = []
        for resource in resources {
            var resource = resource
            let fullURL: String
            let request: BundleEntryRequest
            switch resource {
            case .patient(var patient):
                fullURL = patientURL
                let mrn = patient.identifier.first
                request = BundleEntryRequest(method: "POST", url: "Patient", ifNoneExist: mrn.map { identifier in
                    FHIRString("identifier=\(identifier.system?.value ?? "")|\(identifier.value?.value ?? "")")
                })
                patient.id = nil
                resource = .patient(patient)
            case .observation(var observation):
                fullURL = uuid(&random)
                request = BundleEntryRequest(method: "POST", url: "Observation")
                observation.id = nil
                observation.subject = Reference(reference: FHIRString(patientURL))
                resource = .observation(observation)
            default:
                fullURL = uuid(&random)
                request = BundleEntryRequest(method: "POST", url: FHIRURI(resource.resourceType))
                if case .other(let type, let children) = resource {
                    resource = .other(type: type, children.filter { $0.name != "id" }.map { child in
                        guard child.name == "subject" || child.name == "patient" else { return child }
                        return ElementWriter.node(child.name, Reference(reference: FHIRString(patientURL)))
                    })
                }
            }
            entries.append(BundleEntry(fullUrl: FHIRURI(fullURL), resource: resource, request: request))
        }
        return FHIRModels.Bundle(type: "transaction", entry: entries)
    }

    /// A version 4 UUID from the seeded stream, as a URN.
    static func uuid(_ random: inout SeededRandom) -> String {
        let high = random.next()
        let low = random.next()
        let hex = String(format: "%016llx%016llx", high, low)
        let chars = Array(hex)
        let version = "4" + String(chars[13..<16])
        let variant = ["8", "9", "a", "b"][Int(low >> 62)] + String(chars[17..<20])
        return "urn:uuid:\(String(chars[0..<8]))-\(String(chars[8..<12]))-\(version)-\(variant)-\(String(chars[20..<32]))"
    }
}

/// Lines to a file, buffered.
final class LineWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(_ url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    func write(_ line: [UInt8]) throws {
        buffer += line
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count > 1 << 20 { try flush() }
    }

    func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        try handle.write(contentsOf: Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
