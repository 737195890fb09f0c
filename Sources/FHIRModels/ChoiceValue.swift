/// The value of a choice element whose type the gateway does not interpret (`Extension.value[x]`,
/// `Parameters.parameter.value[x]`), kept as it came: its type and its content.
public struct ChoiceValue: Sendable, Hashable {
    /// The FHIR type code (`string`, `Quantity`).
    public var type: String
    public var node: ElementNode

    public init(type: String, node: ElementNode) {
        self.type = type
        self.node = node
    }

    public init<Kind>(_ value: FHIRPrimitive<Kind>) {
        self.init(type: Kind.typeName, node: ElementWriter.node("value", value))
    }

    public init<T: FHIRElement>(_ value: T) {
        self.init(type: T.definitionPath, node: ElementWriter.node("value", value))
    }

    /// The types of an open choice (`*` in the definitions, http://hl7.org/fhir/R4/datatypes.html#open).
    public static let openTypes = [
        "base64Binary", "boolean", "canonical", "code", "date", "dateTime", "decimal", "id", "instant", "integer",
        "markdown", "oid", "positiveInt", "string", "time", "unsignedInt", "uri", "url", "uuid", "Address", "Age",
        "Annotation", "Attachment", "CodeableConcept", "Coding", "ContactPoint", "Count", "Distance", "Duration",
        "HumanName", "Identifier", "Money", "Period", "Quantity", "Range", "Ratio", "Reference", "SampledData",
        "Signature", "Timing", "ContactDetail", "Contributor", "DataRequirement", "Expression",
        "ParameterDefinition", "RelatedArtifact", "TriggerDefinition", "UsageContext", "Dosage", "Meta",
    ]

    /// The primitive types among them, which must be written as primitives.
    static let primitiveTypes: Set<String> = Set(openTypes.filter { $0.first?.isLowercase == true })
}

extension ElementReader {
    /// The value of a choice element, checked for its shape (primitive or object) and, for a
    /// primitive, its grammar.
    public mutating func choiceValue(_ name: String) -> ChoiceValue? {
        guard let (type, node, location) = choice(name) else { return nil }
        return checkedChoice(type: type, node: node, at: location)
    }

    func checkedChoice(type: String, node: ElementNode, at location: String) -> ChoiceValue? {
        var node = node
        let isPrimitive: Bool
        if case .primitive(var content) = node.content {
            isPrimitive = true
            if let lexical = content.lexical, let kind = PrimitiveKinds.byName[type], !kind.isValid(lexical) {
                issues.add(.error(.value, "'\(lexical)' is not a valid \(type)", at: location))
                return nil
            }
            if content.form == .unspecified, let kind = PrimitiveKinds.byName[type] {
                content.form = kind.jsonForm  // from XML: the type gives the JSON form
                node.content = .primitive(content)
            }
        } else {
            isPrimitive = false
        }
        if isPrimitive != ChoiceValue.primitiveTypes.contains(type) {
            issues.add(.error(.structure, isPrimitive ? "Expected an object (\(type)), found a primitive value"
                : "Expected a primitive value (\(type)), found an object", at: location))
            return nil
        }
        return ChoiceValue(type: type, node: isPrimitive ? node : typed(node, as: type, at: location) ?? node)
    }

    /// A complex value of a type the gateway models, read and written again through its model: checked,
    /// and with the JSON forms (lists, numbers) that XML does not carry.
    private func typed(_ node: ElementNode, as type: String, at location: String) -> ElementNode? {
        func through<T: FHIRElement>(_: T.Type) -> ElementNode? {
            decodeElement(node, as: T.self, at: location).map { ElementWriter.node(node.name, $0) }
        }
        switch type {
        case "CodeableConcept": return through(CodeableConcept.self)
        case "Coding": return through(Coding.self)
        case "Quantity": return through(Quantity.self)
        case "Period": return through(Period.self)
        case "Reference": return through(Reference.self)
        case "Identifier": return through(Identifier.self)
        case "HumanName": return through(HumanName.self)
        case "Address": return through(Address.self)
        case "ContactPoint": return through(ContactPoint.self)
        case "Range": return through(FHIRRange.self)
        case "Ratio": return through(Ratio.self)
        case "Meta": return through(Meta.self)
        default: return nil
        }
    }

    /// The `id` and `extension` every element has.
    public mutating func elementBase() -> (id: String?, extensions: [Extension]) {
        let id: FHIRString? = primitive("id")
        return (id?.value, elements("extension"))
    }
}

extension ElementWriter {
    public mutating func write(choice name: String, _ value: ChoiceValue?) {
        guard let value else { return }
        var node = value.node
        node.name = name + ElementSpec.choiceSuffix(value.type)
        append(node)
    }

    public mutating func writeElementBase(id: String?, extensions: [Extension]) {
        write("id", id.map { FHIRString($0) })
        write("extension", extensions)
    }
}
