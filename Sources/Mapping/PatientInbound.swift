import FHIRModels
import NativeModel

/// Reads one incoming Patient into a `UserRecord`, collecting what cannot be stored as warnings.
struct PatientInbound {
    let patient: Patient
    var warnings: [FHIRIssue] = []
    var errors: [FHIRIssue] = []

    init(_ patient: Patient) {
        self.patient = patient
    }

    mutating func map() throws -> UserRecord {
        rejectModifierExtensions(patient.modifierExtensions, at: "Patient")
        var record = UserRecord()
        mapName(into: &record)
        mapTelecom(into: &record)
        mapIdentifiers(into: &record)
        if let gender = patient.gender?.value {
            if let value = Gender(rawValue: gender) {
                record.gender = value
            } else {
                errors.append(.error(.codeInvalid, "'\(gender)' is not an administrative gender (male, female, other, "
                    + "unknown: \(FHIRSystems.administrativeGender))", at: "Patient.gender"))
            }
        }
        if let birthDate = patient.birthDate?.value {
            record.birthDate = PartialDate(parsing: birthDate)
        }
        dropExtensions(of: patient.gender, at: "Patient.gender")
        dropExtensions(of: patient.birthDate, at: "Patient.birthDate")
        warnNotStored()
        if !errors.isEmpty { throw MappingError(errors) }
        return record
    }

    private mutating func mapName(into record: inout UserRecord) {
        guard let name = patient.name.first(where: { $0.use?.value == "official" }) ?? patient.name.first(where: {
            $0.use?.value != "old" && ($0.family != nil || !$0.given.isEmpty)
        }) ?? patient.name.first else { return }
        let index = patient.name.firstIndex(of: name) ?? 0
        let path = "Patient.name[\(index)]"
        record.familyName = name.family?.value
        let given = name.given.compactMap(\.value)
        record.givenName = given.isEmpty ? nil : given.joined(separator: " ")
        if given.count > 1 {
            warnings.append(.warning(.informational, "The given names are stored as one: '\(given.joined(separator: " "))'",
                                     at: "\(path).given"))
        }
        if record.familyName == nil, record.givenName == nil, let text = name.text?.value {
            warnings.append(.warning(.notSupported, "A name given only as text ('\(text)') is not stored", at: "\(path).text"))
        }
        for (element, present) in [("prefix", !name.prefix.isEmpty), ("suffix", !name.suffix.isEmpty),
                                   ("period", name.period != nil), ("extension", !name.extensions.isEmpty)] where present {
            warnings.append(notStored("\(path).\(element)"))
        }
        for other in patient.name.indices where other != index {
            warnings.append(.warning(.notSupported, "Only one name is stored; this one is not", at: "Patient.name[\(other)]"))
        }
    }

    private mutating func mapTelecom(into record: inout UserRecord) {
        for (index, contact) in patient.telecom.enumerated() {
            let path = "Patient.telecom[\(index)]"
            switch (contact.system?.value, contact.value?.value) {
            case ("email", let value?) where record.email == nil: record.email = value
            case ("phone", let value?) where record.phone == nil: record.phone = value
            default:
                warnings.append(.warning(.notSupported, "Only the first email and the first phone number are stored; "
                    + "this contact point is not", at: path))
            }
        }
    }

    private mutating func mapIdentifiers(into record: inout UserRecord) {
        for (index, identifier) in patient.identifier.enumerated() {
            let path = "Patient.identifier[\(index)]"
            guard let system = identifier.system?.value, let value = identifier.value?.value else {
                warnings.append(.warning(.notSupported, "An identifier without both system and value is not stored", at: path))
                continue
            }
            if system == FHIRSystems.userID { continue }  // the gateway's own id, assigned by the server
            let external = ExternalIdentifier(system: system, value: value)
            if record.identifiers.contains(external) {
                warnings.append(.warning(.duplicate, "The identifier is listed twice; it is stored once", at: path))
                continue
            }
            record.identifiers.append(external)
            if identifier.type != nil || identifier.use != nil || identifier.period != nil || identifier.assigner != nil {
                warnings.append(.warning(.notSupported, "Only the system and value of an identifier are stored", at: path))
            }
        }
    }

    private mutating func warnNotStored() {
        let present: [(String, Bool)] = [
            ("text", patient.text != nil), ("extension", !patient.extensions.isEmpty), ("active", patient.active != nil),
            ("deceased", patient.deceased != nil), ("address", !patient.address.isEmpty),
            ("maritalStatus", patient.maritalStatus != nil), ("multipleBirth", patient.multipleBirth != nil),
            ("generalPractitioner", !patient.generalPractitioner.isEmpty),
            ("managingOrganization", patient.managingOrganization != nil),
        ]
        for (element, isPresent) in present where isPresent {
            let name = element == "deceased" || element == "multipleBirth"
                ? element + ElementSpec.choiceSuffix((element == "deceased" ? patient.deceased : patient.multipleBirth)?.type ?? "")
                : element
            warnings.append(notStored("Patient.\(name)"))
        }
        for name in Set(patient.keptElements.map(\.name)).sorted() {
            warnings.append(notStored("Patient.\(name)"))
        }
        if let meta = patient.meta, !meta.tag.isEmpty || !meta.security.isEmpty || !meta.profile.isEmpty {
            warnings.append(.warning(.notSupported, "Profiles, tags and security labels are not stored; the gateway "
                + "sets its own meta", at: "Patient.meta"))
        }
    }

    private mutating func dropExtensions<Kind>(of value: FHIRPrimitive<Kind>?, at path: String) {
        guard let value, !value.extensions.isEmpty else { return }
        warnings.append(notStored("\(path).extension"))
    }

    private mutating func rejectModifierExtensions(_ extensions: [Extension], at path: String) {
        for (index, modifier) in extensions.enumerated() {
            errors.append(.error(.notSupported, "The modifier extension \(modifier.url ?? "") changes the meaning of the "
                + "resource and the gateway does not understand it", at: "\(path).modifierExtension[\(index)]"))
        }
    }

    private func notStored(_ path: String) -> FHIRIssue {
        .warning(.notSupported, "The gateway's tables cannot hold this element; it was not stored", at: path)
    }
}
