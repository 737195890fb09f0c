import FHIRModels
import Mapping
import NativeModel
import Store

/// The owner an imported Observation's subject names, for the store to resolve inside the chunk's
/// transaction. A reference such as `Patient/ehr-1` (as a Bulk Data export has it) names the Patient
/// an import made of that source record: earlier in the same chunk, or in any import before, which
/// the store remembers (`UserMatch.sourceReference`, the `user_sources` table). A reference that no
/// import has met and that has the form of the gateway's own ids (`Patient/42`) names that Patient.
/// A conditional reference (`Patient?identifier=system|value`) names the one Patient with the identifier.
enum ImportSubjects {
    static func owner(of subject: Reference?, serverBase: String?) throws -> UserRef {
        guard let subject else { throw MappingError(.required, "An Observation needs a subject", at: "Observation.subject") }
        let parsed: SubjectReference
        do {
            parsed = try SubjectReference.parse(subject, at: "Observation.subject", serverBase: serverBase)
        } catch let error as MappingError {
            // `Patient/ehr-1` is no id of the gateway's (`notFound`), but may well be a source record.
            guard error.issues.first?.code == .notFound, let text = subject.reference?.value else { throw error }
            return .sourceRecord(local(text, serverBase: serverBase), elseID: nil)
        } catch {
            throw MappingError(.exception, "\(error)", at: "Observation.subject")
        }
        switch parsed {
        case .patient(let id):
            guard let text = subject.reference?.value else { return .id(id) }  // the gateway's user-id identifier
            return .sourceRecord(local(text, serverBase: serverBase), elseID: id)
        case .identifier(let identifier):
            return .identifier(identifier)
        case .bundleEntry(let text):
            return .sourceRecord(text, elseID: nil)
        }
    }

    /// Why a subject the store could not resolve names nobody.
    static func unknown(_ reference: String) -> FHIRIssue {
        .error(.notFound, "'\(reference)' is neither a Patient earlier in this import (a Patient's line must come before "
            + "its Observations) nor one an earlier import met, nor a Patient of the gateway", at: "Observation.subject.reference")
    }

    /// `Patient/x` from an absolute reference to this server; a version (`Patient/x/_history/2`) dropped.
    private static func local(_ text: String, serverBase: String?) -> String {
        var text = Substring(text)
        if let serverBase, text.hasPrefix(serverBase + "/") { text = text.dropFirst(serverBase.count + 1) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 4, parts[2] == "_history" { return "\(parts[0])/\(parts[1])" }
        return String(text)
    }
}
