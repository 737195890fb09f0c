import ArgumentParser
import Foundation

/// Resolves a setting: the command line first, then its environment variable, then its key in the
/// configuration file (`ConfigurationFile`), then the default; and notes where the value came from for
/// `health-gateway config` (`SettingsLedger`). A malformed value is an error that names the variable or
/// the file's key, never silently ignored.
enum EnvironmentDefault {
    static func value<T: LosslessStringConvertible>(_ given: T?, _ variable: String, default fallback: T) throws -> T {
        if let given {
            SettingsLedger.note(variable, String(describing: given), .commandLine)
            return given
        }
        guard let (text, source) = lookup(variable) else {
            SettingsLedger.note(variable, String(describing: fallback), .default)
            return fallback
        }
        guard let value = T(text) else {
            throw ValidationError("\(source.description)='\(text)' is not a valid \(T.self)")
        }
        SettingsLedger.note(variable, text, source)
        return value
    }

    /// The setting's text when given on the command line, in the environment or in the file.
    static func optional(_ given: String?, _ variable: String) -> String? {
        if let given {
            SettingsLedger.note(variable, given, .commandLine)
            return given
        }
        guard let (text, source) = lookup(variable) else {
            SettingsLedger.note(variable, nil, .default)
            return nil
        }
        SettingsLedger.note(variable, text, source)
        return text
    }

    /// A repeatable option's values, or the setting's comma-separated list.
    static func list(_ given: [String], _ variable: String) -> [String] {
        if !given.isEmpty {
            SettingsLedger.note(variable, given.joined(separator: ","), .commandLine)
            return given
        }
        return (optional(nil, variable) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    static func flag(_ given: Bool, _ variable: String) throws -> Bool {
        if given {
            SettingsLedger.note(variable, "true", .commandLine)
            return true
        }
        guard let (text, source) = lookup(variable) else {
            SettingsLedger.note(variable, "false", .default)
            return false
        }
        let value: Bool
        switch text.lowercased() {
        case "1", "true", "yes": value = true
        case "0", "false", "no": value = false
        default: throw ValidationError("\(source.description)='\(text)' is not true or false")
        }
        SettingsLedger.note(variable, String(value), source)
        return value
    }

    /// The environment variable's value when it is set and not empty (for what is no setting of its own).
    static func environment(_ variable: String) -> String? {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return nil }
        return text
    }

    /// The environment's value, else the configuration file's.
    private static func lookup(_ variable: String) -> (String, SettingsLedger.Source)? {
        if let text = environment(variable) { return (text, .environment(variable)) }
        if let key = SettingKeys.setting(forVariable: variable)?.key, let text = ConfigurationFile.text(forKey: key),
           let path = ConfigurationFile.path {
            return (text, .file(path, key))
        }
        return nil
    }
}
