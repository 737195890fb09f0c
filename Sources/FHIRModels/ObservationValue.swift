/// `Observation.value[x]` and `Observation.component.value[x]`
/// (http://hl7.org/fhir/R4/observation-definitions.html#Observation.value_x_). The gateway's measures
/// are quantities; the other types are kept as they came.
public enum ObservationValue: Sendable, Hashable {
    case quantity(Quantity)
    case other(ChoiceValue)

    public static let types = [
        "Quantity", "CodeableConcept", "string", "boolean", "integer", "Range", "Ratio", "SampledData", "time",
        "dateTime", "Period",
    ]

    init?(from reader: inout ElementReader, name: String) {
        guard let (type, node, location) = reader.choice(name) else { return nil }
        if type == "Quantity" {
            guard let quantity = reader.decodeElement(node, as: Quantity.self, at: location) else { return nil }
            self = .quantity(quantity)
        } else {
            guard let value = reader.checkedChoice(type: type, node: node, at: location) else { return nil }
            self = .other(value)
        }
    }

    func write(to writer: inout ElementWriter, name: String) {
        switch self {
        case .quantity(let quantity): writer.write(choice: name, ChoiceValue(quantity))
        case .other(let value): writer.write(choice: name, value)
        }
    }

    /// The FHIR type of the value (`Quantity`, `CodeableConcept`).
    public var type: String {
        switch self {
        case .quantity: return "Quantity"
        case .other(let value): return value.type
        }
    }
}
