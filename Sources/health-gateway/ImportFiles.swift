import Foundation

/// The files an `import` names, folders opened: NDJSON (`.ndjson`, `.ndjson.gz`) and Bundles (`.json`,
/// `.xml`). NDJSON files go Patient files first (a Bulk Data export's Observations refer to its Patients),
/// then by path.
struct ImportFiles: Equatable {
    var ndjson: [URL] = []
    var bundles: [URL] = []

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    init(_ paths: [String]) throws {
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw Problem(description: "\(path) does not exist")
            }
            if isFolder.boolValue {
                let folder = URL(fileURLWithPath: path, isDirectory: true)
                let contents = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
                    .compactMap { $0 as? URL } ?? []
                for file in contents where Self.kind(file) != nil { add(file) }
            } else {
                let file = URL(fileURLWithPath: path)
                guard Self.kind(file) != nil else {
                    throw Problem(description: "\(path) is not .ndjson, .ndjson.gz, .json or .xml")
                }
                add(file)
            }
        }
        guard !ndjson.isEmpty || !bundles.isEmpty else {
            throw Problem(description: "no .ndjson, .ndjson.gz, .json or .xml files in \(paths.joined(separator: ", "))")
        }
        func rank(_ file: URL) -> (Int, String) { (file.lastPathComponent.hasPrefix("Patient") ? 0 : 1, file.path) }
        ndjson.sort { rank($0) < rank($1) }
        bundles.sort { $0.path < $1.path }
    }

    enum Kind { case ndjson, bundle }

    static func kind(_ file: URL) -> Kind? {
        let name = file.lastPathComponent.lowercased()
        if name.hasSuffix(".ndjson") || name.hasSuffix(".ndjson.gz") { return .ndjson }
        if name.hasSuffix(".json") || name.hasSuffix(".xml") { return .bundle }
        return nil
    }

    private mutating func add(_ file: URL) {
        switch Self.kind(file) {
        case .ndjson: ndjson.append(file)
        case .bundle: bundles.append(file)
        case nil: break
        }
    }
}
