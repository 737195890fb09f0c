import FHIRModels
import Foundation
import Mapping
import Terminology

/// How the gateway's own Observations are made to look like an EHR's: other codes and units for the
/// same measure, and resources the gateway does not map.
enum EHRVariety {
    /// The Observation as an EHR might send it: glucose as 15074-8 in mmol/L (40%), weight in [lb_av]
    /// (30%), height in [in_i] (20%); the gateway's own category display and code text dropped.
    static func vary(_ observation: Observation, random: inout SeededRandom) -> Observation {
        var exported = observation
        exported.code?.text = nil
        guard case .quantity(let quantity)? = observation.value, let value = quantity.value?.double,
              let code = observation.code?.coding.first?.code?.value
        else { return exported }
        func requantify(_ newValue: Double, places: Int, unit: String, display: String) {
            let scale = Double(places == 0 ? 1 : places == 1 ? 10 : 100)
            let rounded = (newValue * scale).rounded() / scale
            exported.value = .quantity(Quantity(value: FHIRDecimal(format(rounded, places: places)),
                                                unit: FHIRString(display), system: FHIRURI(FHIRSystems.ucum),
                                                code: FHIRCode(unit)))
        }
        switch code {
        case "2339-0" where random.chance(0.4):
            exported.code = CodeableConcept(coding: [Coding(system: FHIRURI(FHIRSystems.loinc), code: "15074-8",
                                                            display: "Glucose [Moles/volume] in Blood")])
            requantify(value / 18.0156, places: 1, unit: "mmol/L", display: "mmol/l")
        case "29463-7" where random.chance(0.3):
            requantify(value / 0.45359237, places: 1, unit: "[lb_av]", display: "lb")
        case "8302-2" where random.chance(0.2):
            requantify(value / 2.54, places: 1, unit: "[in_i]", display: "in")
        default: break
        }
        return exported
    }

    /// A body temperature: a vital sign the gateway does not map (8310-5).
    static func bodyTemperature(id: String, patient: String, at effective: ObservationEffective,
                                random: inout SeededRandom) -> Observation {
        let celsius = random.normal(mean: 36.8, standardDeviation: 0.3, in: 35.5...39.5)
        return Observation(
            id: FHIRId(id), status: "final",
            category: [CodeableConcept(coding: [Coding(system: FHIRURI(ObservationCategory.system), code: "vital-signs")])],
            code: CodeableConcept(coding: [Coding(system: FHIRURI(FHIRSystems.loinc), code: "8310-5",
                                                  display: "Body temperature")]),
            subject: Reference(reference: FHIRString("Patient/\(patient)")), effective: effective,
            value: .quantity(Quantity(value: FHIRDecimal(format(celsius, places: 1)), unit: "C",
                                      system: FHIRURI(FHIRSystems.ucum), code: "Cel")))
    }

    /// An ambulatory Encounter: a resource type the gateway does not serve.
    static func encounter(id: String, patient: String) -> AnyResource {
        EHRClinicalHistory.encounter(id: id, patient: "Patient/\(patient)", date: nil)
    }

    static func format(_ value: Double, places: Int) -> String {
        places == 0 ? String(Int(value.rounded())) : String(format: "%.\(places)f", value)
    }
}
