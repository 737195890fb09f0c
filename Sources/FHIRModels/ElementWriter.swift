/// Writes the elements of one complex element or resource into `ElementNode`s, in the order of the
/// type's definition whatever order the fields are written in, marking the repeating ones.
public struct ElementWriter {
    private let spec: ElementSpecList
    /// The elements written, in the order written, and the position of each in the definition.
    private var written: [ElementNode] = []
    private var positions: [Int] = []
    /// Whether the elements were written in definition order, as the model types write them: then
    /// `nodes` is `written` as it is, with no sort and no copy.
    private var inOrder = true

    public init(_ spec: ElementSpecList) {
        self.spec = spec
    }

    /// The elements written, in definition order (stable within one element).
    public var nodes: [ElementNode] {
        if inOrder { return written }
        return written.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }.map { written[$0] }
    }

    public mutating func append(_ node: ElementNode) {
        guard let position = spec.position(of: node.name) else {
            preconditionFailure("\(node.name) is not an element of this type")  // a programming error, caught by tests
        }
        var node = node
        node.repeats = spec[position].repeats
        if let last = positions.last, last > position { inOrder = false }
        written.append(node)
        positions.append(position)
    }

    public mutating func write<Kind>(_ name: String, _ value: FHIRPrimitive<Kind>?) {
        guard let value, value.value != nil || !value.extensions.isEmpty else { return }
        append(Self.node(name, value))
    }

    public mutating func write<Kind>(_ name: String, _ values: [FHIRPrimitive<Kind>]) {
        for value in values { write(name, value) }
    }

    public mutating func write<T: FHIRElement>(_ name: String, _ value: T?) {
        guard let value else { return }
        append(Self.node(name, value))
    }

    public mutating func write<T: FHIRElement>(_ name: String, _ values: [T]) {
        for value in values { write(name, value) }
    }

    public mutating func write(_ name: String, resources: [AnyResource]) {
        for resource in resources {
            var node = resource.node
            node.name = name
            append(node)
        }
    }

    /// Elements kept as they were read.
    public mutating func write(kept nodes: [ElementNode]) {
        for node in nodes { append(node) }
    }

    public static func node<Kind>(_ name: String, _ value: FHIRPrimitive<Kind>) -> ElementNode {
        let extensions = value.extensions.map { node("extension", $0) }
        return ElementNode(name: name, content: .primitive(PrimitiveContent(
            lexical: value.value, form: Kind.jsonForm, id: value.id,
            extensions: extensions.map { var node = $0; node.repeats = true; return node })))
    }

    public static func node<T: FHIRElement>(_ name: String, _ value: T) -> ElementNode {
        var writer = ElementWriter(T.elements)
        value.write(to: &writer)
        return ElementNode(name: name, content: .complex(writer.nodes))
    }
}
