/// What a type's definition says of one of its elements: name, type(s), whether it repeats and
/// whether it is required. A type lists its elements in the order of its StructureDefinition; the
/// order is data the codecs follow (XML requires it) and a test checks against the definitions.
public struct ElementSpec: Sendable, Hashable {
    /// The element's name; for a choice element, the name without `[x]` (`value`, `effective`).
    public var name: String
    /// The FHIR type codes allowed; more than one only for a choice element.
    public var types: [String]
    public var isChoice: Bool
    public var repeats: Bool
    public var isRequired: Bool

    public init(_ name: String, _ type: String, repeats: Bool = false, required: Bool = false) {
        self.name = name
        self.types = [type]
        self.isChoice = false
        self.repeats = repeats
        self.isRequired = required
    }

    /// A choice element `name[x]`, written as `name` + a type name (`valueQuantity`).
    public static func choice(_ name: String, _ types: [String], required: Bool = false) -> ElementSpec {
        var spec = ElementSpec(name, types[0], required: required)
        spec.types = types
        spec.isChoice = true
        return spec
    }

    /// The name as the StructureDefinition writes it (`value[x]` for a choice).
    public var definitionName: String { isChoice ? name + "[x]" : name }

    /// The type suffix a choice element's name uses for `type`: `Quantity`, `DateTime`.
    public static func choiceSuffix(_ type: String) -> String {
        type.prefix(1).uppercased() + type.dropFirst()
    }
}

/// A type's elements in definition order, indexed for lookups by name.
public struct ElementSpecList: Sendable {
    public let elements: [ElementSpec]
    private let positions: [String: Int]

    public init(_ elements: [ElementSpec]) {
        self.elements = elements
        var positions: [String: Int] = [:]
        for (position, spec) in elements.enumerated() {
            if spec.isChoice {
                for type in spec.types { positions[spec.name + ElementSpec.choiceSuffix(type)] = position }
            } else {
                positions[spec.name] = position
            }
        }
        self.positions = positions
    }

    /// The position of the element a name stands for (`valueQuantity` → the position of `value[x]`).
    public func position(of name: String) -> Int? { positions[name] }

    public subscript(position: Int) -> ElementSpec { elements[position] }

    /// The elements every Element has (http://hl7.org/fhir/R4/element.html).
    public static let element = [ElementSpec("id", "string"), ElementSpec("extension", "Extension", repeats: true)]
    /// The elements every BackboneElement has.
    public static let backbone = element + [ElementSpec("modifierExtension", "Extension", repeats: true)]
    /// The elements every DomainResource has (http://hl7.org/fhir/R4/domainresource.html).
    public static let domainResource = resource + [
        ElementSpec("text", "Narrative"), ElementSpec("contained", "Resource", repeats: true),
        ElementSpec("extension", "Extension", repeats: true), ElementSpec("modifierExtension", "Extension", repeats: true),
    ]
    /// The elements every Resource has (http://hl7.org/fhir/R4/resource.html).
    public static let resource = [
        ElementSpec("id", "id"), ElementSpec("meta", "Meta"), ElementSpec("implicitRules", "uri"),
        ElementSpec("language", "code"),
    ]
}
