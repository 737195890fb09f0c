import FHIRModels
import Mapping
import NativeModel
import Store

/// The patients imports have met, by the reference the source system uses for them (`Patient/ehr-1`
/// in a Bulk Data export), so the Observations that follow them name their owner by identifier. The
/// store resolves that identifier inside the chunk's transaction: the Patient may be new in the same
/// chunk. Each chunk also saves the references of its Patients in the store's metadata
/// (`import-subject/Patient/ehr-1`), so a later import (`Observation.ndjson` after `Patient.ndjson`,
/// or a job resumed after a restart) still knows them.
struct ImportSubjects: Sendable {
    private var byReference: [String: ExternalIdentifier] = [:]
    let serverBase: String?

    static let keyPrefix = "import-subject/"

    init(serverBase: String?) {
        self.serverBase = serverBase
    }

    mutating func register(_ reference: String, as identifier: ExternalIdentifier) {
        byReference[reference] = identifier
    }

    /// The metadata operation that remembers a Patient's source reference.
    static func remember(_ reference: String, as identifier: ExternalIdentifier) -> WriteOperation {
        .setMetadata(key: keyPrefix + reference, value: "\(identifier.system)|\(identifier.value)")
    }

    /// The source references `subjects` name, as the keys their Patients are remembered under.
    static func keys(_ subjects: [Reference?], serverBase: String?) -> [String] {
        Array(Set(subjects.compactMap { $0?.reference?.value }.filter { !$0.hasPrefix("Patient?") }
            .map { local($0, serverBase: serverBase) }).map { keyPrefix + $0 })
    }

    /// What a chunk's lookup of `keys(_:)` found in the store (before the chunk is written): Patients
    /// of earlier imports. A reference this import has met itself keeps what the import says.
    mutating func learn(_ found: [String: String]) {
        for (key, text) in found {
            let reference = String(key.dropFirst(Self.keyPrefix.count))
            guard byReference[reference] == nil, let bar = text.firstIndex(of: "|") else { continue }
            byReference[reference] = ExternalIdentifier(system: String(text[..<bar]), value: String(text[text.index(after: bar)...]))
        }
    }

    /// The owner a subject reference names: a Patient earlier in the import, else a Patient of the
    /// gateway (`Patient/42`, a conditional or a logical reference).
    func owner(of subject: Reference?) throws -> UserRef {
        guard let subject else { throw MappingError(.required, "An Observation needs a subject", at: "Observation.subject") }
        if let text = subject.reference?.value, let identifier = byReference[Self.local(text, serverBase: serverBase)] {
            return .identifier(identifier)
        }
        let parsed: SubjectReference
        do {
            parsed = try SubjectReference.parse(subject, at: "Observation.subject", serverBase: serverBase)
        } catch let error as MappingError {
            throw Self.unknown(subject, error)
        } catch {
            throw MappingError(.exception, "\(error)", at: "Observation.subject")
        }
        switch parsed {
        case .patient(let id): return .id(id)
        case .identifier(let identifier): return .identifier(identifier)
        case .bundleEntry: throw Self.unknown(subject, nil)
        }
    }

    /// `Patient/x` from an absolute reference to this server.
    private static func local(_ text: String, serverBase: String?) -> String {
        guard let serverBase, text.hasPrefix(serverBase + "/") else { return text }
        return String(text.dropFirst(serverBase.count + 1))
    }

    private static func unknown(_ subject: Reference, _ error: MappingError?) -> MappingError {
        guard let text = subject.reference?.value, error?.issues.first?.code == .notFound || error == nil else {
            return error ?? MappingError(.invalid, "The subject is not a Patient", at: "Observation.subject")
        }
        return MappingError(.notFound, "'\(text)' is neither a Patient earlier in this import (a Patient's line must "
            + "come before its Observations) nor one an earlier import met, nor a Patient of the gateway", at: "Observation.subject.reference")
    }
}
