import ArgumentParser
import Foundation

/// Resolves an option: the command line first, then the environment variable, then the default.
/// A malformed environment value is an error that names the variable, never silently ignored.
enum EnvironmentDefault {
    static func value<T: LosslessStringConvertible>(_ given: T?, _ variable: String, default fallback: T) throws -> T {
        if let given { return given }
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return fallback }
        guard let value = T(text) else {
            throw ValidationError("environment variable \(variable)='\(text)' is not a valid \(T.self)")
        }
        return value
    }

    /// The variable's value when it is set and not empty.
    static func optional(_ variable: String) -> String? {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return nil }
        return text
    }

    static func flag(_ given: Bool, _ variable: String) throws -> Bool {
        if given { return true }
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return false }
        switch text.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default: throw ValidationError("environment variable \(variable)='\(text)' is not true or false")
        }
    }
}
