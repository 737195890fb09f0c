import FHIRModels
import NativeModel
import Terminology

/// Reads one incoming Observation into a native row, collecting errors and warnings as it goes.
struct ObservationInbound {
    let observation: Observation
    let serverBase: String?
    let now: Instant
    var errors: [FHIRIssue] = []
    var warnings: [FHIRIssue] = []
    /// The FHIRPath of the element each native field came from, for the native rules' messages.
    var fieldPaths = ElementPaths()

    init(_ observation: consuming Observation, serverBase: String?, now: Instant) {
        self.observation = observation
        self.serverBase = serverBase
        self.now = now
    }

    mutating func map() throws -> MappedObservation {
        for (index, modifier) in observation.modifierExtensions.enumerated() {
            errors.append(.error(.notSupported, "The modifier extension \(modifier.url ?? "") changes the meaning of the "
                + "Observation and the gateway does not understand it", at: "Observation.modifierExtension[\(index)]"))
        }
        checkStatus()
        let subject = mapSubject()
        let (definition, originalCode) = try measureDefinition()
        checkCategory(definition)
        let provenance = mapIdentifier()
        let row = mapRow(definition, originalCode: originalCode, provenance: provenance)
        warnNotStored(definition)
        guard errors.isEmpty, let row, let subject else { throw MappingError(errors) }
        let mapped = MappedObservation(row: row, subject: subject, warnings: warnings)
        let violations = mapped.record.ruleViolations(now: now)
        if !violations.isEmpty {
            throw MappingError(violations.map { issue in
                .error(issue.code == .outOfRange ? .value : .invariant, issue.message,
                       at: fieldPaths[issue.field] ?? "Observation")
            })
        }
        return mapped
    }

    // MARK: status, subject, code

    private mutating func checkStatus() {
        switch observation.status?.value {
        case "final", "amended", "corrected", nil: break
        case "preliminary", "registered":
            warnings.append(.warning(.informational, "The gateway keeps results, not their workflow: the Observation is "
                + "stored and returned as final", at: "Observation.status"))
        case let status?:
            errors.append(.error(.notSupported, "An Observation with status '\(status)' has no result to store; "
                + "the gateway accepts final, amended, corrected and preliminary", at: "Observation.status"))
        }
    }

    private mutating func mapSubject() -> SubjectReference? {
        guard let subject = observation.subject else {
            errors.append(.error(.required, "The Observation needs a subject: the Patient it is about",
                                 at: "Observation.subject"))
            return nil
        }
        do {
            return try SubjectReference.parse(subject, at: "Observation.subject", serverBase: serverBase)
        } catch let error as MappingError {
            errors += error.issues
        } catch {
            errors.append(.error(.exception, "\(error)", at: "Observation.subject"))
        }
        return nil
    }

    /// The measure the code names and, when it is a variant, the code as sent.
    private mutating func measureDefinition() throws -> (MeasureDefinition, String?) {
        let codings = observation.code?.coding ?? []
        var found: [(Int, MeasureDefinition, String)] = []
        for (index, coding) in codings.enumerated() where coding.system?.value == FHIRSystems.loinc {
            if let code = coding.code?.value, let definition = MeasureCatalog.definition(forLOINC: code) {
                found.append((index, definition, code))
            }
        }
        guard let (index, definition, code) = found.first else {
            let sent = codings.compactMap { coding in coding.code?.value.map { "\(coding.system?.value ?? "?")|\($0)" } }
            errors.append(.error(.codeInvalid, "The gateway stores Observations with these LOINC codes (http://loinc.org): "
                + Self.supportedCodes + "; this one has "
                + (sent.isEmpty ? "no coding" : sent.joined(separator: ", ")), at: "Observation.code"))
            throw MappingError(errors)
        }
        if let other = found.first(where: { $0.1.measure != definition.measure }) {
            errors.append(.error(.codeInvalid, "The codings name two different measures: \(code) and \(other.2)",
                                 at: "Observation.code.coding[\(other.0)]"))
        }
        if definition.measure == .systolicBloodPressure || definition.measure == .diastolicBloodPressure {
            errors.append(.error(.notSupported, "A \(definition.code.display.lowercased()) alone cannot be stored: "
                + "send the blood pressure panel (85354-9) with systolic and diastolic components",
                at: "Observation.code.coding[\(index)]"))
        }
        // A variant among the codings is the code as the source sent it (the gateway's own reads list
        // the emitted code first and the original after it).
        let original = found.first { $0.1.measure == definition.measure && $0.2 != definition.code.code }?.2
        return (definition, original ?? (code == definition.code.code ? nil : code))
    }

    /// Every code the gateway maps, emitted ones first, for the message of an unmapped code.
    static let supportedCodes: String = MeasureCatalog.definitions
        .filter { $0.measure != .systolicBloodPressure && $0.measure != .diastolicBloodPressure }
        .map { definition in
            "\(definition.codes.map(\.code).joined(separator: " or ")) (\(definition.measure.rawValue))"
        }
        .joined(separator: ", ")

    private mutating func checkCategory(_ definition: MeasureDefinition) {
        var named = false  // some category coding of the system
        var matches = false
        for concept in observation.category {
            for coding in concept.coding where coding.system?.value == ObservationCategory.system {
                guard let code = coding.code?.value else { continue }
                named = true
                if code == definition.category.rawValue { matches = true }
            }
        }
        if named, !matches {
            warnings.append(.warning(.informational, "\(definition.code.code) is in category '\(definition.category.rawValue)'; "
                + "the Observation is stored and returned with it", at: "Observation.category"))
        }
    }

    private mutating func mapIdentifier() -> (source: String, externalID: String?) {
        for (index, identifier) in observation.identifier.enumerated() {
            guard let system = identifier.system?.value, let value = identifier.value?.value else { continue }
            for other in observation.identifier.indices where other != index {
                warnings.append(.warning(.notSupported, "Only one identifier of an Observation is stored",
                                         at: "Observation.identifier[\(other)]"))
            }
            fieldPaths["source"] = "Observation.identifier[\(index)].system"
            fieldPaths["external_id"] = "Observation.identifier[\(index)].value"
            return (Self.source(ofSystem: system), value)
        }
        if !observation.identifier.isEmpty {
            warnings.append(.warning(.notSupported, "An identifier without both system and value is not stored",
                                     at: "Observation.identifier"))
        }
        if let metaSource = observation.meta?.source?.value, !metaSource.isEmpty {
            fieldPaths["source"] = "Observation.meta.source"
            return (Self.source(ofSystem: metaSource), nil)
        }
        return ("fhir", nil)
    }

    /// The native source a URI names: the gateway's own source names (`…/sid/source/watch` → `watch`),
    /// else the URI itself (an EHR's system).
    static func source(ofSystem system: String) -> String {
        system.hasPrefix(FHIRSystems.sourcePrefix) ? String(system.dropFirst(FHIRSystems.sourcePrefix.count)) : system
    }
}
