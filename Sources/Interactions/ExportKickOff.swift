import Access
import FHIRModels
import Foundation
import Mapping
import NativeModel
import Search
import Store

/// The kick-off of a Bulk Data export (http://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-kick-off-request),
/// checked before a job is started: every parameter the export would use is read here, every
/// `_typeFilter` planned as its search would be, and the caller's scopes checked, so that a job never
/// fails on what its request said.
extension FHIRInteractions {
    static var exportTypes: [String] { ExportRequest.exportableTypes }
    /// `_outputFormat` values, all of them NDJSON.
    static var exportFormats: Set<String> { ["application/fhir+ndjson", "application/ndjson", "ndjson"] }
    /// The most Patients one `patient` parameter may name.
    public static var exportPatientLimit: Int { 1_000 }
    /// Parameters of the Bulk Data specification this server does not support: known, so that lenient
    /// handling can say so, but an error otherwise.
    static var unsupportedExportParameters: Set<String> { ["_elements", "includeAssociatedData", "_until", "organizeOutputBy"] }
    /// Search parameters that shape a result page and mean nothing in a `_typeFilter`.
    static var pageParameters: Set<String> {
        ["_sort", "_count", "_include", "_revinclude", "_elements", "_summary", "_total", "_cursor", "_contained"]
    }

    /// Reads and checks the kick-off's parameters.
    /// - Parameters:
    ///   - level: the system export or the all-patients one (`patient` is only allowed there).
    ///   - lenient: `Prefer: handling=lenient`: unknown and unsupported parameters and types are left
    ///     out with a warning (the manifest's `error` file) instead of a 400.
    ///   - request: the kick-off URL.
    public func exportRequest(_ level: ExportRequest.Level, _ input: OperationInput, lenient: Bool,
                              request: String) async throws -> ExportRequest {
        var warnings: [String] = []
        let operation = input.operation
        var allowed: Set<String> = ["_outputFormat", "_since", "_type", "_typeFilter"]
        if level == .allPatients { allowed.insert("patient") }
        for value in input.values where !allowed.contains(value.name) {
            let known = Self.unsupportedExportParameters.contains(value.name)
            let message = "\(operation): " + (known ? "'\(value.name)' is not supported by this server"
                : "there is no parameter '\(value.name)'; it takes \(allowed.sorted().joined(separator: ", "))")
            guard lenient else { throw FHIRError(.invalid, message, at: value.name) }
            if !warnings.contains(message + "; left out") { warnings.append(message + "; left out") }
        }
        if let format = try input.single("_outputFormat"), !Self.exportFormats.contains(format.lowercased()) {
            throw FHIRError(.invalid, "\(operation): _outputFormat '\(format)' is not one this server writes; it writes "
                + "NDJSON (application/fhir+ndjson, application/ndjson or ndjson)", at: "_outputFormat")
        }
        let since = try input.instant("_since")?.time.instant
        let types = try exportedTypes(input, lenient: lenient, warnings: &warnings)
        let filters = try exportFilters(input, types: types, lenient: lenient, warnings: &warnings)
        let patients = level == .allPatients ? try await exportPatients(input) : nil
        return ExportRequest(level: level, types: types, since: since, typeFilters: filters, patients: patients,
                             request: request, warnings: warnings)
    }

    /// The types `_type` asks for (all it may read without it), each one the caller's scopes reach for
    /// every patient (`system/Observation.rs`); a type asked for and not reached is a 403.
    private func exportedTypes(_ input: OperationInput, lenient: Bool, warnings: inout [String]) throws -> [String] {
        let asked = input.list("_type").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var types: [String] = []
        for type in asked where !types.contains(type) {
            guard Self.exportTypes.contains(type) else {
                let message = "\(input.operation): _type '\(type)' is not a type this server exports; it exports "
                    + Self.exportTypes.joined(separator: " and ")
                guard lenient else { throw FHIRError(.invalid, message, at: "_type") }
                warnings.append(message + "; left out")
                continue
            }
            guard exportReach(type) != nil else {
                throw FHIRError.forbidden("system/\(type).rs (every patient's \(type) resources)", for: "exporting \(type)")
            }
            types.append(type)
        }
        if !asked.isEmpty {
            guard !types.isEmpty else { throw FHIRError(.invalid, "\(input.operation): _type names no type to export", at: "_type") }
            return Self.exportTypes.filter(types.contains)
        }
        let reachable = Self.exportTypes.filter { exportReach($0) != nil }
        guard !reachable.isEmpty else {
            throw FHIRError.forbidden("system/Patient.rs or system/Observation.rs (or system/*.rs)", for: "a bulk export")
        }
        return reachable
    }

    /// What the caller may export of `type`: the parts of its search reach that cover every patient
    /// (system scopes, or user scopes of a user who is not a Patient); nil when none does.
    func exportReach(_ type: String) -> Reach? {
        let parts = access.reach(.search, on: type).parts.filter { $0.compartment == .everyone }
        return parts.isEmpty ? nil : Reach(parts: parts)
    }

    /// `_typeFilter`: `Type?query` values (several in one, separated by commas, or repeated), each
    /// planned as the search it is; their type must be exported.
    private func exportFilters(_ input: OperationInput, types: [String], lenient: Bool, warnings: inout [String]) throws
        -> [String: [String]]
    {
        var filters: [String: [String]] = [:]
        for text in Self.typeFilterQueries(input) {
            guard let mark = text.firstIndex(of: "?"), !text[text.index(after: mark)...].isEmpty else {
                throw FHIRError(.invalid, "\(input.operation): _typeFilter '\(text)' is not a search (Observation?category=…)",
                                at: "_typeFilter")
            }
            let type = String(text[..<mark])
            guard types.contains(type) else {
                let message = "\(input.operation): _typeFilter '\(text)' is on \(type), which this export does not hold"
                guard lenient else { throw FHIRError(.invalid, message, at: "_typeFilter") }
                warnings.append(message + "; left out")
                continue
            }
            let query = String(text[text.index(after: mark)...])
            _ = try exportSearches(type, filter: query, since: nil, patients: nil)
            filters[type, default: []].append(query)
        }
        return filters
    }

    /// The `_typeFilter` queries: each value split at the commas that start another query (`,Patient?`),
    /// so a comma of an OR list inside a query (`code=a,b`, as a POSTed value holds it) stays in it.
    static func typeFilterQueries(_ input: OperationInput) -> [String] {
        var queries: [String] = []
        for value in input.all("_typeFilter").compactMap(\.text) {
            var current: [Substring] = []
            for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
                let startsQuery = piece.firstIndex(of: "?").map { mark in
                    !piece[..<mark].isEmpty && piece[..<mark].allSatisfy { $0.isLetter }
                } ?? false
                if startsQuery, !current.isEmpty {
                    queries.append(current.joined(separator: ","))
                    current = []
                }
                current.append(piece)
            }
            if !current.isEmpty { queries.append(current.joined(separator: ",")) }
        }
        return queries.filter { !$0.isEmpty }
    }

    /// `patient`: references to Patients of this server (`Patient/42`, relative or absolute), each one
    /// that exists.
    private func exportPatients(_ input: OperationInput) async throws -> [Int64]? {
        let references = input.all("patient").flatMap { value in
            (value.text ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        guard !references.isEmpty else { return nil }
        guard references.count <= Self.exportPatientLimit else {
            throw FHIRError(.tooLarge, "\(input.operation): patient names \(references.count) Patients; an export takes at "
                + "most \(Self.exportPatientLimit): export them all, or in several exports", at: "patient")
        }
        var ids: [Int64] = []
        for reference in references {
            var local = Substring(reference)
            if let base = serverBase, local.hasPrefix(base + "/") { local = local.dropFirst(base.count + 1) }
            guard local.hasPrefix("Patient/"), let id = Int64(local.dropFirst("Patient/".count)), id > 0 else {
                throw FHIRError(.invalid, "\(input.operation): patient '\(reference)' is not a reference to a Patient of this "
                    + "server (Patient/42)", at: "patient")
            }
            guard try await storeCall("Patient", { try await store.user(id: id) }) != nil else {
                throw FHIRError(.invalid, "\(input.operation): patient '\(reference)' is not known", at: "patient")
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}
