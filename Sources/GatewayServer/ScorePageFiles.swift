public import Foundation
import NIOCore

/// The files of the score page (`App/` in the repository: HTML, CSS and JavaScript modules, no build
/// step), read once when the server starts and served from memory at `/app/`. Only these kinds of files
/// are taken, each at most `maximumFileSize`, so a stray file in the folder is never served.
public struct ScorePageFiles: Sendable {
    struct File: Sendable {
        var body: ByteBuffer
        var contentType: String
        /// A strong validator: the FNV-1a hash of the bytes (the files never change while serving).
        var etag: String
    }

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "json": "application/json", "txt": "text/plain; charset=utf-8",
    ]
    static let maximumFileSize = 4 << 20

    /// By path below the folder (`index.html`, `js/main.js`).
    let files: [String: File]

    /// Reads every file of `folder` (and its subfolders) whose extension is one of `contentTypes`.
    public init(folder: URL) throws {
        var files: [String: File] = [:]
        let root = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: folder.standardizedFileURL, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: root])
        }
        for case let url as URL in walker {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true,
                  let type = Self.contentTypes[url.pathExtension.lowercased()] else { continue }
            let data = try Data(contentsOf: url)
            guard data.count <= Self.maximumFileSize else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(root.count).drop { $0 == "/" })
            files[path] = File(body: ByteBuffer(bytes: data), contentType: type, etag: Self.etag(of: data))
        }
        guard files["index.html"] != nil else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: root + "/index.html"])
        }
        self.files = files
    }

    /// The file `path` (below `/app/`) names: a file of the folder, or, for a path without an extension
    /// (a view of the page: `patients/1`), `index.html`, whose script shows that view. Nil otherwise.
    func file(at path: Substring) -> File? {
        let relative = path.drop { $0 == "/" }
        if let file = files[String(relative)] { return file }
        let last = relative.split(separator: "/").last ?? ""
        return last.contains(".") ? nil : files["index.html"]
    }

    private static func etag(of data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return "\"" + String(hash, radix: 16) + "\""
    }
}
