/// Builds the element tree of a resource the gateway does not model as a type (its own
/// StructureDefinitions, ValueSets, OperationDefinitions), element by element in definition order.
public struct ElementTreeBuilder {
    public private(set) var children: [ElementNode] = []

    public init() {}

    /// A resource of `type` with the elements `build` adds.
    public static func resource(_ type: String, _ build: (inout ElementTreeBuilder) -> Void) -> AnyResource {
        var builder = ElementTreeBuilder()
        build(&builder)
        return .other(type: type, builder.children)
    }

    public mutating func string(_ name: String, _ value: String?, repeats: Bool = false) {
        primitive(name, value, form: .string, repeats: repeats)
    }

    public mutating func bool(_ name: String, _ value: Bool) {
        primitive(name, value ? "true" : "false", form: .boolean, repeats: false)
    }

    public mutating func number(_ name: String, _ lexical: String) {
        primitive(name, lexical, form: .number, repeats: false)
    }

    /// A complex element; `repeats` marks it as one item of a list.
    public mutating func element(_ name: String, repeats: Bool = false, _ build: (inout ElementTreeBuilder) -> Void) {
        var builder = ElementTreeBuilder()
        build(&builder)
        children.append(ElementNode(name: name, content: .complex(builder.children), repeats: repeats))
    }

    /// A modelled element (a Coding, a CodeableConcept) as a child.
    public mutating func element<T: FHIRElement>(_ name: String, _ value: T, repeats: Bool = false) {
        var node = ElementWriter.node(name, value)
        node.repeats = repeats
        children.append(node)
    }

    /// A node built elsewhere.
    public mutating func appendNode(_ node: ElementNode) {
        children.append(node)
    }

    private mutating func primitive(_ name: String, _ value: String?, form: PrimitiveContent.JSONForm, repeats: Bool) {
        guard let value else { return }
        children.append(ElementNode(name: name, content: .primitive(PrimitiveContent(lexical: value, form: form)),
                                    repeats: repeats))
    }
}
