import FHIRModels
import Foundation
import NativeModel

/// Shapes real EHR and wearable exports have that a tidy generator would not (issue 21), so the tests
/// and the benchmark keep meeting them:
/// - people who share an identifier (every 25th patient carries the driver's licence number of the one
///   before: a data-entry error) and households that share an email (every 40th pair);
/// - blood-pressure components sent as bare numbers, without unit (15% of the panels);
/// - sleep as a daily total: the window is the whole local day, the value the time asleep (30%).
///
/// Drawn from a random stream of their own, so the variety `EHRVariety` draws stays as it was.
enum EHRRealWorldShapes {
    static let licenceSystem = "urn:oid:2.16.840.1.113883.4.3.25"

    /// The Patient of member `index` with a driver's licence, shared with member `index - 1` every 25th
    /// member, and a household email shared by members `40k + 38` and `40k + 39`.
    static func patient(_ patient: Patient, index: Int) -> Patient {
        var shaped = patient
        let licence = index % 25 == 24 ? index - 1 : index
        shaped.identifier.append(Identifier(
            type: CodeableConcept(coding: [Coding(system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "DL")]),
            system: FHIRURI(licenceSystem), value: FHIRString(String(format: "S%08d", 10_000_000 + licence))))
        if index % 40 >= 38 {
            shaped.telecom = shaped.telecom.filter { $0.system?.value != "email" }
                + [ContactPoint(system: "email", value: FHIRString("household-\(index / 40)@example.org"))]
        }
        return shaped
    }

    /// The Observation in one of the shapes above, or as it was.
    static func observation(_ observation: Observation, random: inout SeededRandom) -> Observation {
        var shaped = observation
        switch observation.code?.coding.first?.code?.value {
        case "85354-9" where random.chance(0.15):
            shaped.component = observation.component.map { component in
                var bare = component
                if case .quantity(let quantity)? = component.value {
                    bare.value = .quantity(Quantity(value: quantity.value))
                }
                return bare
            }
        case "93832-4" where random.chance(0.3):
            guard case .period(let period)? = observation.effective, let end = period.end?.value,
                  let wakeUp = OffsetDateTime(parsing: end)
            else { break }
            let offset = Int64(wakeUp.utcOffsetMinutes) * 60_000
            let localMidnight = (wakeUp.instant.millisecondsSince1970 + offset) / 86_400_000 * 86_400_000 - offset
            let start = OffsetDateTime(Instant(millisecondsSince1970: localMidnight), utcOffsetMinutes: wakeUp.utcOffsetMinutes)
            let next = OffsetDateTime(start.instant.adding(minutes: 1440), utcOffsetMinutes: wakeUp.utcOffsetMinutes)
            shaped.effective = .period(Period(start: FHIRDateTime(start.description), end: FHIRDateTime(next.description)))
        default: break
        }
        return shaped
    }
}
