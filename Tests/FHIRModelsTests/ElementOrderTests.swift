import FHIRModels
import Foundation
import Testing

/// The element lists of the models against the official R4 StructureDefinitions: same names in the
/// same order (XML depends on it), same cardinality, same types.
@Suite struct ElementOrderTests {
    struct Definition {
        var name: String
        var types: [String]
        var repeats: Bool
        var required: Bool
    }

    static let definitions = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fhir-r4-core")

    /// The direct children of `path` in the snapshot of the StructureDefinition of its first segment.
    static func children(of path: String) throws -> [Definition] {
        let type = path.split(separator: ".")[0]
        let url = definitions.appendingPathComponent("StructureDefinition-\(type).json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let snapshot = (json?["snapshot"] as? [String: Any])?["element"] as? [[String: Any]] ?? []
        return snapshot.compactMap { element -> Definition? in
            guard let elementPath = element["path"] as? String, elementPath.hasPrefix(path + "."),
                  !elementPath.dropFirst(path.count + 1).contains(".")
            else { return nil }
            let name = String(elementPath.dropFirst(path.count + 1))
            var types = (element["type"] as? [[String: Any]] ?? []).map(typeCode)
            // A resource's logical id is of type id (http://hl7.org/fhir/R4/resource.html#id); the
            // snapshot's FHIRPath type for it says only string.
            if name == "id", !path.contains("."), json?["kind"] as? String == "resource" { types = ["id"] }
            return Definition(name: name, types: types.isEmpty ? ["BackboneElement"] : types,
                              repeats: element["max"] as? String != "1", required: (element["min"] as? Int ?? 0) > 0)
        }
    }

    /// A type code; FHIRPath system types (of `id`, `Extension.url`) give the FHIR type they stand for.
    static func typeCode(_ type: [String: Any]) -> String {
        let code = type["code"] as? String ?? ""
        guard code.hasPrefix("http://hl7.org/fhirpath/System.") else { return code }
        let fhirType = (type["extension"] as? [[String: Any]])?.first { ($0["url"] as? String)?.hasSuffix("fhir-type") == true }
        return fhirType?["valueUrl"] as? String ?? "string"
    }

    static let modelled: [any FHIRElement.Type] = [
        Patient.self, Observation.self, ObservationComponent.self, ObservationReferenceRange.self, Bundle.self,
        BundleLink.self, BundleEntry.self, BundleEntrySearch.self, BundleEntryRequest.self, BundleEntryResponse.self,
        OperationOutcome.self, OperationOutcomeIssue.self, Parameters.self, ParametersParameter.self, Coding.self,
        CodeableConcept.self, Identifier.self, HumanName.self, ContactPoint.self, Address.self, Period.self,
        Quantity.self, FHIRRange.self, Ratio.self, Reference.self, Meta.self, Narrative.self, Extension.self,
    ]

    /// Only what the gateway writes: a subsequence of the definition.
    static let written: [any FHIRElement.Type] = [
        CapabilityStatement.self, CapabilityStatementSoftware.self, CapabilityStatementImplementation.self,
        CapabilityStatementRest.self, CapabilityStatementResource.self, CapabilityStatementInteraction.self,
        CapabilityStatementSearchParam.self, CapabilityStatementOperation.self,
    ]

    @Test(arguments: modelled.map { ObjectIdentifier($0) }.indices)
    func modelledTypesListEveryElementOfTheirDefinitionInOrder(index: Int) throws {
        let type = Self.modelled[index]
        let official = try Self.children(of: type.definitionPath)
        #expect(!official.isEmpty, "\(type.definitionPath)")
        #expect(type.elements.elements.map(\.definitionName) == official.map(\.name), "\(type.definitionPath)")
        try compare(type, official)
    }

    @Test(arguments: written.map { ObjectIdentifier($0) }.indices)
    func writtenTypesFollowTheOrderOfTheirDefinition(index: Int) throws {
        let type = Self.written[index]
        let official = try Self.children(of: type.definitionPath)
        var names = official.map(\.name)[...]
        for spec in type.elements.elements {
            guard let found = names.firstIndex(of: spec.definitionName) else {
                Issue.record("\(type.definitionPath).\(spec.definitionName) is missing or out of order")
                return
            }
            names = names[(found + 1)...]
        }
        try compare(type, official)
    }

    func compare(_ type: any FHIRElement.Type, _ official: [Definition]) throws {
        for spec in type.elements.elements {
            guard let definition = official.first(where: { $0.name == spec.definitionName }) else { continue }
            let where_ = "\(type.definitionPath).\(spec.definitionName)"
            #expect(spec.repeats == definition.repeats, "\(where_) repeats")
            #expect(spec.isRequired == definition.required, "\(where_) required")
            #expect(spec.types == definition.types, "\(where_) types")
        }
    }
}
