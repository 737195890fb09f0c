import FHIRModels
import Mapping
import Terminology

extension ProfileCatalog {
    static let patientProfile = structureDefinition(
        id: "healthgateway-patient", name: "HealthGatewayPatient", title: "HealthGateway Patient",
        description: "A user of the health tracker as a Patient: the gateway's own identifier (system "
            + "\(FHIRSystems.userID)) plus the external identifiers it stores, one name, an email and a phone, "
            + "gender and birth date.",
        type: "Patient", base: "http://hl7.org/fhir/StructureDefinition/Patient"
    ) { elements in
        elements.definition("Patient", short: "A user of the health tracker")
        elements.definition("Patient.identifier", min: 1)
        elements.definition("Patient.name", max: "1")
    }

    static func observationProfile(_ definition: MeasureDefinition) -> AnyResource {
        let measure = definition.measure
        let isPanel = !definition.components.isEmpty
        let period = [.steps, .walkingDistance, .activeEnergy, .exerciseDuration, .sleepDuration].contains(measure)
        return structureDefinition(
            id: "healthgateway-observation-\(measure.rawValue)", name: "HealthGatewayObservation" + pascalCase(measure.rawValue),
            title: "HealthGateway Observation: \(definition.code.display)",
            description: "\(definition.code.display) as HealthGateway stores and returns it: LOINC \(definition.code.code) "
                + (definition.variants.isEmpty ? "" : "(accepted on input also as \(definition.variants.map(\.code).joined(separator: ", "))) ")
                + "in category \(definition.category.rawValue), "
                + (isPanel ? "systolic and diastolic components" : "a valueQuantity") + " in UCUM \(definition.unit.code)"
                + " (accepted on input: \(definition.acceptedUnits.joined(separator: ", ")), converted).",
            type: "Observation", base: definition.profile ?? "http://hl7.org/fhir/StructureDefinition/Observation"
        ) { elements in
            elements.definition("Observation", short: definition.code.display)
            elements.definition("Observation.category", min: 1) { element in
                element.element("patternCodeableConcept", CodeableConcept(coding: [Coding(
                    system: FHIRURI(ObservationCategory.system), code: FHIRCode(definition.category.rawValue))]))
            }
            elements.definition("Observation.code") { element in
                element.element("patternCodeableConcept", CodeableConcept(coding: [Coding(
                    system: FHIRURI(FHIRSystems.loinc), code: FHIRCode(definition.code.code))]))
            }
            elements.definition("Observation.subject", min: 1) { element in
                element.element("type", repeats: true) { type in
                    type.string("code", "Reference")
                    type.string("targetProfile", FHIRSystems.patientProfile, repeats: true)
                }
            }
            elements.definition("Observation.effective[x]", min: 1) { element in
                for type in period ? ["dateTime", "Period"] : ["dateTime"] {
                    element.element("type", repeats: true) { $0.string("code", type) }
                }
            }
            if isPanel {
                elements.definition("Observation.component", min: 2)
            } else {
                elements.definition("Observation.valueQuantity", min: 1)
                elements.definition("Observation.valueQuantity.value", min: 1)
                elements.definition("Observation.valueQuantity.system", min: 1) { $0.string("fixedUri", FHIRSystems.ucum) }
                elements.definition("Observation.valueQuantity.code", min: 1) { $0.string("fixedCode", definition.unit.code) }
            }
        }
    }

    static func structureDefinition(
        id: String, name: String, title: String, description: String, type: String, base: String,
        differential: (inout ElementDefinitions) -> Void
    ) -> AnyResource {
        ElementTreeBuilder.resource("StructureDefinition") { sd in
            sd.string("id", id)
            sd.string("url", FHIRSystems.canonicalBase + "/StructureDefinition/" + id)
            sd.string("version", version)
            sd.string("name", name)
            sd.string("title", title)
            sd.string("status", "active")
            sd.bool("experimental", false)
            sd.string("date", date)
            sd.string("publisher", publisher)
            sd.string("description", description)
            sd.string("fhirVersion", "4.0.1")
            sd.string("kind", "resource")
            sd.bool("abstract", false)
            sd.string("type", type)
            sd.string("baseDefinition", base)
            sd.string("derivation", "constraint")
            var elements = ElementDefinitions()
            differential(&elements)
            sd.element("differential") { $0.append(contentsOf: elements.nodes) }
        }
    }

    static func pascalCase(_ text: String) -> String {
        text.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// The element definitions of a differential, each with the elements of ElementDefinition in order
/// (http://hl7.org/fhir/R4/elementdefinition.html): id, path, short, min, max, then `extra` (type,
/// fixed and pattern values).
struct ElementDefinitions {
    var nodes: [ElementNode] = []

    mutating func definition(
        _ path: String, short: String? = nil, min: Int? = nil, max: String? = nil,
        _ extra: (inout ElementTreeBuilder) -> Void = { _ in }
    ) {
        var builder = ElementTreeBuilder()
        builder.element("element", repeats: true) { element in
            element.string("id", path)
            element.string("path", path)
            element.string("short", short)
            if let min { element.number("min", String(min)) }
            element.string("max", max)
            extra(&element)
        }
        nodes += builder.children
    }
}

extension ElementTreeBuilder {
    mutating func append(contentsOf nodes: [ElementNode]) {
        for node in nodes { appendNode(node) }
    }
}
