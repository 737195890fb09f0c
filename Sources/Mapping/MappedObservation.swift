public import FHIRModels
public import NativeModel
public import Terminology

/// An incoming Observation as the native row it becomes, whose Patient it is about, and what could
/// not be stored.
public struct MappedObservation: Sendable {
    public enum Row: Sendable {
        /// One value of an activity row: the row holds only this measure's value.
        case activity(ActivityRecord, Measure)
        case sleep(SleepRecord)
        case bloodTest(BloodTestRecord)
        case vitalSign(VitalSignRecord)
    }

    public var row: Row
    public var subject: SubjectReference
    public var warnings: [FHIRIssue]

    public var record: any MeasurementRecord {
        switch row {
        case .activity(let record, _): return record
        case .sleep(let record): return record
        case .bloodTest(let record): return record
        case .vitalSign(let record): return record
        }
    }

    public var measure: Measure {
        switch row {
        case .activity(_, let measure): return measure
        case .sleep: return .sleepDuration
        case .bloodTest(let record): return MeasureRows.measure(of: record.analyte)
        case .vitalSign(let record): return MeasureRows.measure(of: record.kind)
        }
    }

    /// Whether `id` can name this Observation: the same table and, for activity, the same measure.
    public func fits(_ id: ObservationID) -> Bool {
        switch (row, id) {
        case (.activity(_, let measure), .activity(_, let idMeasure)): return measure == idMeasure
        case (.sleep, .sleep), (.bloodTest, .bloodTest), (.vitalSign, .vitalSign): return true
        default: return false
        }
    }
}

/// Whom an incoming resource is about (http://hl7.org/fhir/R4/references.html).
public enum SubjectReference: Sendable, Hashable {
    /// `Patient/42`: a Patient of this server by id.
    case patient(Int64)
    /// A logical reference (`Reference.identifier`) or a conditional one (`Patient?identifier=system|value`).
    case identifier(ExternalIdentifier)
    /// A reference to another entry of the same Bundle (`urn:uuid:…`), resolved by the transaction.
    case bundleEntry(String)

    /// Reads a reference to a Patient. `serverBase` is the server's own base URL, so absolute
    /// references to it are understood; absolute references elsewhere are not this server's Patients.
    public static func parse(_ reference: Reference, at path: String, serverBase: String?) throws -> SubjectReference {
        if let text = reference.reference?.value {
            return try parse(text, at: "\(path).reference", serverBase: serverBase)
        }
        if let identifier = reference.identifier, let system = identifier.system?.value, let value = identifier.value?.value {
            if system == FHIRSystems.userID, let id = Int64(value) { return .patient(id) }
            return .identifier(ExternalIdentifier(system: system, value: value))
        }
        throw MappingError(.required, "The reference has neither 'reference' nor an identifier with system and value",
                           at: path)
    }

    /// The Patient row a search or operation parameter names: `Patient/1`, `1` (a bare id is a
    /// Patient's) or this server's URL of it. Throws `MappingError` for any other reference; nil when it
    /// names something other than a Patient row (an identifier, a Bundle entry).
    public static func patientRow(parameter text: String, at path: String, serverBase: String?) throws -> Int64? {
        guard case .patient(let row) = try parse(text.contains("/") ? text : "Patient/\(text)", at: path, serverBase: serverBase)
        else { return nil }
        return row
    }

    static func parse(_ text: String, at path: String, serverBase: String?) throws -> SubjectReference {
        if text.hasPrefix("urn:uuid:") || text.hasPrefix("urn:oid:") { return .bundleEntry(text) }
        if text.hasPrefix("Patient?") {
            let query = text.dropFirst("Patient?".count)
            guard query.hasPrefix("identifier="), let bar = query.firstIndex(of: "|") else {
                throw MappingError(.notSupported, "A conditional reference must be Patient?identifier=system|value", at: path)
            }
            let system = String(query[query.index(query.startIndex, offsetBy: "identifier=".count)..<bar])
            let value = String(query[query.index(after: bar)...])
            guard let system = system.decodingQueryComponent, let value = value.decodingQueryComponent,
                  !system.isEmpty, !value.isEmpty
            else { throw MappingError(.value, "'\(text)' does not name an identifier system and value", at: path) }
            return .identifier(ExternalIdentifier(system: system, value: value))
        }
        var relative = Substring(text)
        if text.contains("://") {
            guard let serverBase, text.hasPrefix(serverBase + "/") else {
                throw MappingError(.notSupported, "'\(text)' is not a Patient of this server", at: path)
            }
            relative = text.dropFirst(serverBase.count + 1)
        }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 || (parts.count == 4 && parts[2] == "_history"), parts[0] == "Patient" else {
            throw MappingError(.value, "The subject must be a Patient: 'Patient/{id}', not '\(text)'", at: path)
        }
        guard let id = Int64(parts[1]), id > 0 else {
            throw MappingError(.notFound, "Patient/\(parts[1]) does not exist: Patient ids on this server are numbers",
                               at: path)
        }
        return .patient(id)
    }
}

extension String {
    /// The text with `%XX` escapes (and `+` in a query, RFC 3986 / HTML forms) decoded; nil when an
    /// escape is malformed or the bytes are not UTF-8.
    public var decodingQueryComponent: String? {
        guard contains("%") || contains("+") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                continue
            }
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
