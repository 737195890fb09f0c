public import FHIRModels
import Mapping
import NativeModel
import Terminology

/// One member of a population as an EHR would export them in FHIR R4: a Patient with an MRN, their
/// measurements as Observations with the variety of real exports (glucose sometimes as 15074-8 in
/// mmol/L, weight sometimes in [lb_av], height in [in_i], blood pressure as a panel, lab results with
/// identifiers), the shapes of real-world data (`EHRRealWorldShapes`: shared licences and emails,
/// unitless blood-pressure components, daily sleep totals), and what a real export also has that the
/// gateway does not map: an Encounter, now and then an Observation of body temperature, and with
/// `unmappedShare` a whole clinical history. Deterministic for a seed.
public struct EHRExport: Sendable {
    public var seed: UInt64
    /// The share of each patient's resources that the gateway does not map (`EHRClinicalHistory`:
    /// encounters, conditions, claims, explanations of benefit, …), as in real EHR exports, where it is
    /// 80% and more. 0 gives only the one Encounter.
    public var unmappedShare: Double

    public init(seed: UInt64, unmappedShare: Double = 0) {
        self.seed = seed
        self.unmappedShare = min(max(unmappedShare, 0), 0.95)
    }

    /// The resources of member `index`, Patient first.
    public func resources(of member: PopulationMember, index: Int) -> [AnyResource] {
        var random = SeededRandom(seed: seed ^ 0x4548_5245_7870_6f72, stream: UInt64(index))
        var shapes = SeededRandom(seed: seed ^ 0x7265_616c_776f_726c, stream: UInt64(index))
        let patientID = Self.patientID(index)
        let meta = RowMeta(version: 1, createdAt: Instant(millisecondsSince1970: 0), updatedAt: Instant(millisecondsSince1970: 0))
        var patient = PatientMapping.patient(StoredUser(id: Int64(index + 1), meta: meta, record: member.user))
        patient.id = FHIRId(patientID)
        patient.meta = nil
        var identifiers = patient.identifier.filter { $0.system?.value != FHIRSystems.userID }
        if identifiers.isEmpty {  // every EHR record has an MRN
            identifiers = [Identifier(system: FHIRURI(PopulationGenerator.mrnSystem),
                                      value: FHIRString("MRN-EHR-\(index + 1)"))]
        }
        patient.identifier = identifiers.map { identifier in
            var mrn = identifier
            mrn.type = CodeableConcept(coding: [Coding(system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR")])
            return mrn
        }
        patient = EHRRealWorldShapes.patient(patient, index: index)
        var resources: [AnyResource] = [.patient(patient)]
        var observations: [Observation] = []
        var row: Int64 = 0
        func stored<Record: MeasurementRecord>(_ record: Record) -> StoredMeasurement<Record> {
            row += 1
            return StoredMeasurement(id: row, userID: Int64(index + 1), meta: meta, record: record)
        }
        for record in member.activities { observations += ObservationMapping.observations(stored(record)) }
        for record in member.sleep { observations.append(ObservationMapping.observation(stored(record))) }
        for record in member.bloodTests { observations.append(ObservationMapping.observation(stored(record))) }
        for record in member.vitals { observations.append(ObservationMapping.observation(stored(record))) }
        for (number, observation) in observations.enumerated() {
            var exported = EHRRealWorldShapes.observation(EHRVariety.vary(observation, random: &random), random: &shapes)
            exported.id = FHIRId("obs-\(index + 1)-\(number + 1)")
            exported.meta = nil
            exported.subject = Reference(reference: FHIRString("Patient/\(patientID)"))
            if exported.identifier.isEmpty, exported.category.first?.coding.first?.code?.value == "laboratory" {
                exported.identifier = [Identifier(system: FHIRURI(Self.labSystem), value: FHIRString("LAB-\(index + 1)-\(number + 1)"))]
            }
            resources.append(.observation(exported))
        }
        if let first = observations.first?.effective, random.chance(0.3) {
            resources.append(.observation(EHRVariety.bodyTemperature(id: "obs-\(index + 1)-temp", patient: patientID,
                                                                     at: first, random: &random)))
        }
        resources.append(EHRVariety.encounter(id: "enc-\(index + 1)", patient: patientID))
        if unmappedShare > 0 {
            let mapped = resources.count - 1
            let unmapped = Int((Double(mapped) * unmappedShare / (1 - unmappedShare)).rounded(.up)) - 1
            let days = observations.compactMap { observation -> String? in
                switch observation.effective {
                case .dateTime(let time)?: return time.value.map { String($0.prefix(10)) }
                case .period(let period)?: return period.start?.value.map { String($0.prefix(10)) }
                default: return nil
                }
            }
            var seen = Set<String>()
            resources += EHRClinicalHistory.resources(count: max(0, unmapped), patient: "Patient/\(patientID)",
                                                      dates: days.filter { seen.insert($0).inserted },
                                                      idPrefix: "hist-\(index + 1)", random: &random)
        }
        return resources
    }

    /// The logical id of member `index`'s Patient in the export.
    public static func patientID(_ index: Int) -> String { "ehr-\(index + 1)" }

    /// The identifier system of the export's lab results.
    public static let labSystem = "urn:oid:2.16.840.1.113883.3.9999.2"
}
