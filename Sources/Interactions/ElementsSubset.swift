import FHIRModels
import Search

/// `_elements` (http://hl7.org/fhir/R4/search.html#elements): only the named top-level elements, with
/// the ones a reader must not miss (id, meta, and the mandatory and modifier elements: Observation's
/// status and code, Patient's active), and `meta.tag` SUBSETTED so nobody takes the result for the
/// whole resource.
enum ElementsSubset {
    static let subsettedTag = Coding(system: FHIRURI("http://terminology.hl7.org/CodeSystem/v3-ObservationValue"),
                                     code: FHIRCode("SUBSETTED"), display: FHIRString("subsetted"))

    static func alwaysKept(_ type: String) -> Set<String> {
        let common: Set<String> = ["id", "meta", "implicitRules", "modifierExtension"]
        switch type {
        case "Observation": return common.union(["status", "code"])
        case "Patient": return common.union(["active"])
        default: return common
        }
    }

    static func elements(of type: String) -> ElementSpecList? {
        switch type {
        case "Patient": return Patient.elements
        case "Observation": return Observation.elements
        default: return nil
        }
    }

    /// Refuses (or, lenient, drops) names that are not elements of the searched type.
    static func check(_ query: inout SearchQuery, lenient: Bool) throws {
        guard let names = query.elements, let list = elements(of: query.resourceType) else { return }
        let known = Set(list.elements.map(\.name))
        let unknown = names.filter { !known.contains($0) }
        guard !unknown.isEmpty else { return }
        let error = SearchError("_elements", "\(unknown.joined(separator: ", ")) "
            + (unknown.count == 1 ? "is not an element" : "are not elements") + " of \(query.resourceType)")
        guard lenient else { throw error }
        query.ignored.append(error)
        query.elements = names.filter(known.contains)
    }

    /// The resource with only the elements asked for.
    static func apply(_ resource: AnyResource, _ names: [String]?) -> AnyResource {
        guard let names else { return resource }
        var tagged = resource
        switch resource {
        case .patient(var patient):
            patient.meta = tag(patient.meta)
            tagged = .patient(patient)
        case .observation(var observation):
            observation.meta = tag(observation.meta)
            tagged = .observation(observation)
        default: return resource
        }
        let kept = alwaysKept(resource.resourceType).union(names)
        let node = tagged.node
        let children = node.children.filter { child in
            kept.contains(child.name) || kept.contains { name in
                child.name.hasPrefix(name) && child.name.dropFirst(name.count).first?.isUppercase == true  // value[x]
            }
        }
        return .other(type: resource.resourceType, children)
    }

    private static func tag(_ meta: Meta?) -> Meta {
        var meta = meta ?? Meta()
        meta.tag.append(subsettedTag)
        return meta
    }
}
