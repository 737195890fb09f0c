import FHIRModels
import Mapping
import NativeModel
import Terminology

/// What `$stats` and `$lastn` read their inputs into: the measures the codes and categories name and
/// the patient a subject names. Codes are LOINC, with or without the system (`http://loinc.org|2339-0`
/// or `2339-0`); any code the gateway maps counts, variants included.
enum ObservationCriteria {
    /// The measures of `tokens` (`system|code` or `code`); 400 for a code the gateway does not map.
    static func measures(codes tokens: [String], system: String? = nil, operation: String) throws -> [Measure] {
        var measures: [Measure] = []
        for token in tokens {
            var code = Substring(token)
            var tokenSystem = system
            if let bar = token.firstIndex(of: "|") {
                tokenSystem = String(token[..<bar])
                code = token[token.index(after: bar)...]
            }
            if let tokenSystem, !tokenSystem.isEmpty, tokenSystem != FHIRSystems.loinc {
                throw FHIRError(.invalid, "\(operation): '\(token)' is not a LOINC code; the gateway's Observations are "
                    + "coded in \(FHIRSystems.loinc)", at: "code")
            }
            guard let definition = MeasureCatalog.definition(forLOINC: String(code)) else {
                throw FHIRError(.invalid, "\(operation): LOINC \(code) is not a code this server maps; it maps "
                    + MeasureCatalog.definitions.map(\.code.code).joined(separator: ", "), at: "code")
            }
            if !measures.contains(definition.measure) { measures.append(definition.measure) }
        }
        return measures
    }

    /// The measures of category tokens (`system|code` or `code`).
    static func measures(categories tokens: [String], operation: String) throws -> [Measure] {
        var categories: [ObservationCategory] = []
        for token in tokens {
            let code = token.split(separator: "|", omittingEmptySubsequences: false).last.map(String.init) ?? token
            if token.contains("|"), !token.hasPrefix(ObservationCategory.system + "|"), !token.hasPrefix("|") {
                throw FHIRError(.invalid, "\(operation): category '\(token)' is not from \(ObservationCategory.system)",
                                at: "category")
            }
            guard let category = ObservationCategory(rawValue: code) else {
                throw FHIRError(.invalid, "\(operation): category '\(code)' is not one of "
                    + ObservationCategory.allCases.map(\.rawValue).joined(separator: ", "), at: "category")
            }
            categories.append(category)
        }
        return MeasureCatalog.definitions.filter { categories.contains($0.category) }.map(\.measure)
    }

    /// The Patient row a subject or patient parameter names (`Patient/1`, `1`, or this server's URL).
    static func patient(_ text: String, parameter: String, serverBase: String?, operation: String) throws -> Int64 {
        let patient: Int64?
        do {
            patient = try SubjectReference.patientRow(parameter: text, at: parameter + ".reference", serverBase: serverBase)
        } catch let error as MappingError {
            throw FHIRError(.invalid, "\(operation): \(parameter) '\(text)': "
                + error.issues.map(\.diagnostics).joined(separator: "; "), at: parameter)
        }
        guard let row = patient else {
            throw FHIRError(.invalid, "\(operation): \(parameter) must name a Patient of this server, like Patient/1",
                            at: parameter)
        }
        return row
    }
}
