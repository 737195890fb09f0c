import FHIRFormat
import FHIRModels
import Foundation
import FoundationNetworking
import GatewayServer
import Interactions

/// `import --url`: the same files sent to a running gateway as one `$import` (the NDJSON files, then
/// the Bundles' entries, concatenated, so later lines may refer to the Patients of earlier ones), polled
/// until done; errors then number the lines of that concatenation.
struct RemoteImport {
    var base: URL
    var session = URLSession(configuration: .ephemeral)

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func run(_ files: ImportFiles, progress: @escaping @Sendable (ImportProgress) -> Void) async throws
        -> ImportSummary
    {
        var summary = ImportSummary()
        try await importNDJSON(files, into: &summary, progress: progress)
        return summary
    }

    private func importNDJSON(_ files: ImportFiles, into summary: inout ImportSummary,
                              progress: @escaping @Sendable (ImportProgress) -> Void) async throws {
        let body = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: body) }
        let total = try Self.concatenate(files, into: body)
        var request = URLRequest(url: base.appendingPathComponent("$import"))
        request.httpMethod = "POST"
        request.setValue("application/fhir+ndjson", forHTTPHeaderField: "Content-Type")
        request.setValue("respond-async", forHTTPHeaderField: "Prefer")
        let (kickOffBody, kickOff) = try await session.upload(for: request, fromFile: body)
        guard let http = kickOff as? HTTPURLResponse, http.statusCode == 202,
              let location = http.value(forHTTPHeaderField: "Content-Location"), let status = URL(string: location) else {
            throw Failure(description: "$import was refused: \(String(decoding: kickOffBody, as: UTF8.self))")
        }
        while true {
            let (data, response) = try await session.data(from: status)
            let code = (response as? HTTPURLResponse)?.statusCode ?? 0
            if code == 202 {
                let text = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "X-Progress") ?? ""
                progress(Self.progress(text, total: total))
                try await Task.sleep(for: .milliseconds(250))
                continue
            }
            guard code == 200 else { throw Failure(description: "the import failed: \(String(decoding: data, as: UTF8.self))") }
            let manifest = try JSONDecoder().decode(ImportManifest.self, from: data)
            summary.counts.add(manifest.counts)
            for file in manifest.error {
                guard let url = URL(string: file.url) else { continue }
                let (errors, _) = try await session.data(from: url)
                summary.failures += String(decoding: errors, as: UTF8.self).split(separator: "\n").map(String.init)
            }
            progress(ImportProgress(bytesDone: total, bytesTotal: total, resources: manifest.lines))
            var forget = URLRequest(url: status)  // the job is done: its status and error file can go
            forget.httpMethod = "DELETE"
            _ = try? await session.data(for: forget)
            return
        }
    }

    /// `running: 42% (1000 lines, 990 resources)` as progress.
    static func progress(_ text: String, total: Int64) -> ImportProgress {
        let numbers = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let percent = numbers.first ?? 0
        return ImportProgress(bytesDone: total * Int64(percent) / 100, bytesTotal: total,
                                            resources: numbers.count > 1 ? numbers[1] : 0)
    }

    /// The NDJSON files one after the other, `.gz` ones decompressed, then the Bundles' entries; the bytes written.
    static func concatenate(_ files: ImportFiles, into body: URL) throws -> Int64 {
        guard FileManager.default.createFile(atPath: body.path, contents: nil) else {
            throw Failure(description: "cannot write \(body.path)")
        }
        let writer = try FileHandle(forUpdating: body)
        defer { try? writer.close() }
        var written: Int64 = 0
        for file in files.ndjson {
            if file.pathExtension.lowercased() == "gz" {
                _ = try GzipInflater.decompress(file, appendingTo: writer)
            } else {
                let reader = try FileHandle(forReadingFrom: file)
                defer { try? reader.close() }
                while let block = try reader.read(upToCount: 1 << 20), !block.isEmpty { try writer.write(contentsOf: block) }
            }
            written = Int64(try writer.offset())
            try writer.seek(toOffset: UInt64(max(0, written - 1)))
            let last = try writer.readToEnd()?.last  // the next file starts on a line of its own
            if written > 0, last != UInt8(ascii: "\n") { try writer.write(contentsOf: [UInt8(ascii: "\n")]) }
            written = Int64(try writer.seekToEnd())
        }
        for file in files.bundles {
            for line in try ImportBundleLines.lines(ofFile: try Data(contentsOf: file), named: file.lastPathComponent) {
                try writer.write(contentsOf: line + [UInt8(ascii: "\n")])
            }
            written = Int64(try writer.offset())
        }
        return written
    }
}
