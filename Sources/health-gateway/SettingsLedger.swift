import Foundation
import Synchronization

/// Where each setting's value came from, as the options resolve them: what `health-gateway config`
/// prints, secrets redacted.
enum SettingsLedger {
    enum Source: Sendable, CustomStringConvertible {
        case commandLine
        case environment(String)
        case file(String, String)
        case `default`

        var description: String {
            switch self {
            case .commandLine: return "command line"
            case .environment(let variable): return "environment variable \(variable)"
            case .file(let path, let key): return "\(path): \(key)"
            case .default: return "default"
            }
        }
    }

    struct Entry: Sendable {
        var value: String?
        var source: Source
    }

    private static let entries = Mutex<[String: Entry]>([:])

    static func note(_ variable: String, _ value: String?, _ source: Source) {
        entries.withLock { $0[variable] = Entry(value: value, source: source) }
    }

    static func entry(_ variable: String) -> Entry? { entries.withLock { $0[variable] } }

    /// The lines `health-gateway config` prints: every setting by its key, its value (secrets redacted)
    /// and its source; a setting the command did not read (an auth setting without `--auth smart`) says so.
    static func report() -> [String] {
        let rows = [("setting", "value", "source")] + SettingKeys.all.map { setting -> (String, String, String) in
            guard let entry = entry(setting.variable) else { return (setting.key, "-", "not read by this command") }
            let value = entry.value.map { setting.secret ? redacted($0) : $0 } ?? "-"
            return (setting.key, value.isEmpty ? "\"\"" : value, entry.source.description)
        }
        let keyWidth = rows.map(\.0.count).max() ?? 0
        let valueWidth = min(60, rows.map(\.1.count).max() ?? 0)
        return rows.map { key, value, source in
            key.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  "
                + value.padding(toLength: max(valueWidth, value.count), withPad: " ", startingAt: 0) + "  " + source
        }
    }

    /// A URL's password (or a whole token) replaced by `***`: `postgresql://gateway:***@db/health`.
    static func redacted(_ value: String) -> String {
        value.split(separator: ",", omittingEmptySubsequences: false).map { part -> String in
            let text = String(part)
            guard let components = URLComponents(string: text), components.scheme != nil, components.host != nil else {
                return text.isEmpty ? text : "***"
            }
            guard components.password != nil, let at = text.firstIndex(of: "@"),
                  let colon = text[..<at].lastIndex(of: ":") else { return text }
            return String(text[...colon]) + "***" + String(text[at...])
        }.joined(separator: ",")
    }
}
