public import FHIRModels
public import NativeModel

/// The identifiers an import matches a Patient by when it has not met the source's record before:
/// the ones the source marks as its record numbers. Other identifiers (a driver's licence, an
/// insurance or social-security number, a passport) are stored but never matched on: real data shares
/// them between people.
///
/// - Identifiers typed as a medical record number (`MR` of http://terminology.hl7.org/CodeSystem/v2-0203,
///   http://hl7.org/fhir/R4/v2/0203/index.html), in the Patient's order;
/// - when none is, the identifiers that carry no type at all (a source that does not type them:
///   its only identifier is usually its record number).
public enum PatientRecordNumbers {
    public static let identifierTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0203"
    public static let medicalRecordNumber = "MR"

    public static func of(_ patient: Patient) -> [ExternalIdentifier] {
        let usable = patient.identifier.compactMap { identifier -> (Identifier, ExternalIdentifier)? in
            guard let system = identifier.system?.value, let value = identifier.value?.value else { return nil }
            return (identifier, ExternalIdentifier(system: system, value: value))
        }
        let typed = usable.filter { isMedicalRecordNumber($0.0.type) }
        let chosen = typed.isEmpty ? usable.filter { $0.0.type == nil } : typed
        var seen = Set<ExternalIdentifier>()
        return chosen.map(\.1).filter { seen.insert($0).inserted }
    }

    private static func isMedicalRecordNumber(_ type: CodeableConcept?) -> Bool {
        type?.coding.contains { $0.system?.value == identifierTypeSystem && $0.code?.value == medicalRecordNumber } ?? false
    }
}
