/// Writes the elements of one complex element or resource into `ElementNode`s, in the order of the
/// type's definition whatever order the fields are written in, marking the repeating ones; or, with a
/// `stream`, hands them to it as they are written, without a tree.
public struct ElementWriter {
    private let spec: ElementSpecList
    /// The elements written, in the order written.
    private var written: [ElementNode] = []
    /// The definition position of the last element written, and whether every element came after the
    /// one before it, as the model types write them: then `nodes` is `written`, with no sort and no copy.
    private var last = -1
    private var inOrder = true
    /// Where the elements go instead of `written`, and the definition position of the last one sent.
    private let stream: (any ElementStream)?
    private var streamed = -1

    public init(_ spec: ElementSpecList, stream: (any ElementStream)? = nil) {
        self.spec = spec
        self.stream = stream
    }

    /// The definition position of the element `name` and whether it repeats; nil, with the stream
    /// marked broken, when it does not come after the element sent before it.
    private mutating func next(_ name: String, on stream: any ElementStream) -> Bool? {
        let position = position(of: name)
        guard position > streamed else {
            stream.broken = true
            return nil
        }
        streamed = position
        return spec[position].repeats
    }

    private func position(of name: String) -> Int {
        guard let position = spec.position(of: name) else {
            preconditionFailure("\(name) is not an element of this type")  // a programming error, caught by tests
        }
        return position
    }

    /// The elements written, in definition order (stable within one element).
    public var nodes: [ElementNode] {
        if inOrder { return written }
        let positions = written.map { position(of: $0.name) }
        return written.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }.map { written[$0] }
    }

    public mutating func append(_ node: ElementNode) {
        if let stream {
            guard let repeats = next(node.name, on: stream) else { return }
            var node = node
            node.repeats = repeats
            stream.nodes([node])
            return
        }
        let position = position(of: node.name)
        var node = node
        node.repeats = spec[position].repeats
        if last > position { inOrder = false }
        last = position
        written.append(node)
    }

    public mutating func write<Kind>(_ name: String, _ value: FHIRPrimitive<Kind>?) {
        guard let value, value.value != nil || !value.extensions.isEmpty else { return }
        if let stream {
            guard let repeats = next(name, on: stream) else { return }
            stream.primitives(name, repeats: repeats, [Self.content(value)])
            return
        }
        append(Self.node(name, value))
    }

    public mutating func write<Kind>(_ name: String, _ values: [FHIRPrimitive<Kind>]) {
        if let stream {
            let contents = values.filter { $0.value != nil || !$0.extensions.isEmpty }.map(Self.content)
            guard !contents.isEmpty, let repeats = next(name, on: stream) else { return }
            stream.primitives(name, repeats: repeats, contents)
            return
        }
        for value in values { write(name, value) }
    }

    public mutating func write<T: FHIRElement>(_ name: String, _ value: T?) {
        guard let value else { return }
        if let stream {
            guard let repeats = next(name, on: stream) else { return }
            stream.beginComplex(name, repeats: repeats)
            Self.stream(value, to: stream)
            stream.endComplex(repeats: repeats)
            return
        }
        append(Self.node(name, value))
    }

    public mutating func write<T: FHIRElement>(_ name: String, _ values: [T]) {
        if let stream {
            guard !values.isEmpty, let repeats = next(name, on: stream) else { return }
            stream.beginComplex(name, repeats: repeats)
            for value in values { Self.stream(value, to: stream) }
            stream.endComplex(repeats: repeats)
            return
        }
        for value in values { write(name, value) }
    }

    /// One occurrence of a complex element, streamed.
    private static func stream<T: FHIRElement>(_ value: T, to stream: any ElementStream) {
        stream.beginItem()
        var writer = ElementWriter(T.elements, stream: stream)
        value.write(to: &writer)
        stream.endItem()
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
        ElementNode(name: name, content: .primitive(content(value)))
    }

    /// A primitive's value, id and extensions.
    static func content<Kind>(_ value: FHIRPrimitive<Kind>) -> PrimitiveContent {
        let extensions = value.extensions.map { node("extension", $0) }
        return PrimitiveContent(lexical: value.value, form: Kind.jsonForm, id: value.id,
                                extensions: extensions.map { var node = $0; node.repeats = true; return node })
    }

    public static func node<T: FHIRElement>(_ name: String, _ value: T) -> ElementNode {
        var writer = ElementWriter(T.elements)
        value.write(to: &writer)
        return ElementNode(name: name, content: .complex(writer.nodes))
    }
}
