import FHIRModels
import Terminology

extension ObservationInbound {
    /// A warning for each element the native row cannot hold.
    mutating func warnNotStored(_ definition: MeasureDefinition) {
        let present: [(String, Bool)] = [
            ("text", observation.text != nil), ("extension", !observation.extensions.isEmpty),
            ("issued", observation.issued != nil), ("performer", !observation.performer.isEmpty),
            ("interpretation", !observation.interpretation.isEmpty), ("bodySite", observation.bodySite != nil),
            ("method", observation.method != nil), ("device", observation.device != nil),
            ("referenceRange", !observation.referenceRange.isEmpty), ("hasMember", !observation.hasMember.isEmpty),
            ("derivedFrom", !observation.derivedFrom.isEmpty),
            ("component", !observation.component.isEmpty && definition.measure != .bloodPressure),
        ]
        for (element, isPresent) in present where isPresent {
            warnings.append(notStored("Observation.\(element)"))
        }
        for name in Set(observation.keptElements.map(\.name)).sorted() {
            warnings.append(notStored("Observation.\(name)"))
        }
        if let code = observation.code {
            let extra = code.coding.enumerated().filter { _, coding in
                coding.system?.value != FHIRSystems.loinc || MeasureCatalog.definition(forLOINC: coding.code?.value ?? "") == nil
            }
            for (index, _) in extra {
                warnings.append(.warning(.notSupported, "Only the LOINC coding is stored; the gateway returns its own",
                                         at: "Observation.code.coding[\(index)]"))
            }
        }
        if let meta = observation.meta, !meta.tag.isEmpty || !meta.security.isEmpty || !meta.profile.isEmpty {
            warnings.append(.warning(.notSupported, "Profiles, tags and security labels are not stored; the gateway "
                + "sets its own meta", at: "Observation.meta"))
        }
    }

    func notStored(_ path: String) -> FHIRIssue {
        .warning(.notSupported, "The gateway's tables cannot hold this element; it was not stored", at: path)
    }
}
