public import FHIRModels
public import NativeModel

/// `users` ⇄ Patient (http://hl7.org/fhir/R4/patient.html). A user's email and phone are its
/// telecoms, its given and family names one HumanName, its external identifiers (EHR MRNs) the
/// Patient's identifiers next to the gateway's own.
public enum PatientMapping {
    /// The Patient a stored user is.
    public static func patient(_ user: StoredUser) -> Patient {
        let record = user.record
        var patient = Patient(id: FHIRId(String(user.id)), meta: meta(user.meta, profiles: [FHIRSystems.patientProfile]))
        patient.identifier = [Identifier(use: "usual", system: FHIRURI(FHIRSystems.userID), value: FHIRString(String(user.id)))]
            + record.identifiers.map { Identifier(system: FHIRURI($0.system), value: FHIRString($0.value)) }
        if record.givenName != nil || record.familyName != nil {
            patient.name = [HumanName(use: "official", family: record.familyName.map { FHIRString($0) },
                                      given: record.givenName.map { [FHIRString($0)] } ?? [])]
        }
        if let email = record.email { patient.telecom.append(ContactPoint(system: "email", value: FHIRString(email))) }
        if let phone = record.phone { patient.telecom.append(ContactPoint(system: "phone", value: FHIRString(phone))) }
        patient.gender = record.gender.map { FHIRCode($0.rawValue) }
        patient.birthDate = record.birthDate.map { FHIRDate($0.description) }
        return patient
    }

    /// `meta` from a row's bookkeeping: `versionId` is the row's version, `lastUpdated` its update time.
    public static func meta(_ row: RowMeta, profiles: [String]) -> Meta {
        Meta(versionId: FHIRId(String(row.version)), lastUpdated: FHIRTime.instant(row.updatedAt),
             profile: profiles.map { FHIRCanonical($0) })
    }

    /// The user a Patient describes, with a warning for each element the `users` table cannot hold.
    /// Throws `MappingError` for what must not be ignored: a modifier extension, an unknown gender.
    public static func user(_ patient: Patient) throws -> (UserRecord, warnings: [FHIRIssue]) {
        var inbound = PatientInbound(patient)
        let record = try inbound.map()
        return (record, inbound.warnings)
    }
}
