/// `Observation.effective[x]` (http://hl7.org/fhir/R4/observation-definitions.html#Observation.effective_x_):
/// a point in time or a period; `Timing` and `instant` are kept as they came.
public enum ObservationEffective: Sendable, Hashable {
    case dateTime(FHIRDateTime)
    case period(Period)
    case other(ChoiceValue)

    public static let types = ["dateTime", "Period", "Timing", "instant"]

    init?(from reader: inout ElementReader, name: String) {
        guard let (type, node, location) = reader.choice(name) else { return nil }
        switch type {
        case "dateTime":
            guard let value: FHIRDateTime = reader.decodePrimitive(node, at: location) else { return nil }
            self = .dateTime(value)
        case "Period":
            guard let value = reader.decodeElement(node, as: Period.self, at: location) else { return nil }
            self = .period(value)
        default:
            guard let value = reader.checkedChoice(type: type, node: node, at: location) else { return nil }
            self = .other(value)
        }
    }

    func write(to writer: inout ElementWriter, name: String) {
        switch self {
        case .dateTime(let value): writer.write(choice: name, ChoiceValue(value))
        case .period(let value): writer.write(choice: name, ChoiceValue(value))
        case .other(let value): writer.write(choice: name, value)
        }
    }
}
