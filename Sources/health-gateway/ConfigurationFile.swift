import ArgumentParser
import Configuration
import Foundation
import Synchronization
import SystemPackage
import Yams

/// `--config FILE` (env `HEALTH_GATEWAY_CONFIG`): settings by their dotted keys (`SettingKeys`) in a JSON
/// or YAML file, read with apple/swift-configuration's file providers. A key's value is a string, a
/// number, a boolean or (for lists: `http.corsOrigins`, `http.trustedProxies`, `db.replicas`) an array;
/// the command line and the environment win over it. A key the gateway does not know is an error, so a
/// misspelt setting is never silently ignored.
///
///     http:
///       port: 8080
///       publicURL: https://fhir.example.org
///     db:
///       url: postgresql://gateway@db.internal:5432/health
///     log:
///       format: json
enum ConfigurationFile {
    static let variable = "HEALTH_GATEWAY_CONFIG"

    private struct Loaded: Sendable {
        var path: String
        var reader: ConfigReader
    }

    private static let loaded = Mutex<Loaded?>(nil)

    /// The file's path, once loaded.
    static var path: String? { loaded.withLock { $0?.path } }

    /// Reads the file named (or by `HEALTH_GATEWAY_CONFIG`), if any; its format by its extension.
    static func load(_ given: String?) async throws {
        guard let path = given ?? EnvironmentDefault.environment(variable) else { return }
        let filePath = FilePath(path)
        let reader: ConfigReader
        let keys: [String]
        do {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "json":
                reader = ConfigReader(provider: try await FileProvider<JSONSnapshot>(filePath: filePath))
                keys = try Self.jsonKeys(path)
            case "yaml", "yml":
                reader = ConfigReader(provider: try await FileProvider<YAMLSnapshot>(filePath: filePath))
                keys = try Self.yamlKeys(path)
            default:
                throw ValidationError("--config \(path): a .json, .yaml or .yml file")
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("--config \(path): \(error)")
        }
        let known = Set(SettingKeys.all.map(\.key))
        if let unknown = keys.first(where: { !known.contains($0) }) {
            throw ValidationError("--config \(path): '\(unknown)' is not a setting of the gateway (README, \"Configuration\")")
        }
        loaded.withLock { $0 = Loaded(path: path, reader: reader) }
    }

    /// The value under `key` as text (an array joined with commas), or nil when the file has none.
    static func text(forKey key: String) -> String? {
        guard let reader = loaded.withLock({ $0?.reader }) else { return nil }
        let configKey = ConfigKey(key)
        if let text = reader.string(forKey: configKey) { return text }
        if let number = reader.int(forKey: configKey) { return String(number) }
        if let number = reader.double(forKey: configKey) { return String(number) }
        if let flag = reader.bool(forKey: configKey) { return String(flag) }
        if let list = reader.stringArray(forKey: configKey) { return list.joined(separator: ",") }
        return nil
    }

    /// The dotted keys of a JSON file's leaves (for the unknown-key check).
    private static func jsonKeys(_ path: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return leaves(object, prefix: "")
    }

    /// The dotted keys of a YAML file's leaves (swift-configuration reads values by key but does not list
    /// its keys, so the unknown-key check parses the file once more with Yams, the parser it uses).
    private static func yamlKeys(_ path: String) throws -> [String] {
        leaves(try Yams.load(yaml: String(contentsOfFile: path, encoding: .utf8)) ?? [:], prefix: "")
    }

    private static func leaves(_ value: Any, prefix: String) -> [String] {
        guard let object = value as? [String: Any] else { return prefix.isEmpty ? [] : [prefix] }
        return object.flatMap { key, child in leaves(child, prefix: prefix.isEmpty ? key : prefix + "." + key) }
    }
}
