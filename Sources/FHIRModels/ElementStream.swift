/// Receives the elements of a resource as its model writes them, one element at a time, instead of an
/// element tree: FHIRFormat's JSON writer turns them straight into bytes (`ElementWriter(_:stream:)`).
///
/// The elements come in definition order, each once with all its occurrences. When a model writes
/// out of that order or writes an element twice (elements kept as read, in a position of their own),
/// the writer sets `broken`, and the caller writes the resource through its element tree instead.
public protocol ElementStream: AnyObject {
    /// The occurrences of a primitive element: one value, or several when it repeats.
    func primitives(_ name: String, repeats: Bool, _ values: [PrimitiveContent])
    /// A complex element: `beginComplex`, then for each occurrence `beginItem`, its elements and
    /// `endItem`, then `endComplex`.
    func beginComplex(_ name: String, repeats: Bool)
    func beginItem()
    func endItem()
    func endComplex(repeats: Bool)
    /// Elements given as trees (a choice value, a resource in an element, elements kept as read).
    func nodes(_ nodes: [ElementNode])
    /// Whether an element came out of definition order or twice: what was streamed is to be dropped.
    var broken: Bool { get set }
}

extension FHIRResource {
    /// Streams the resource's elements to `stream`; `stream.broken` tells whether it could.
    public func write(to stream: any ElementStream) {
        var writer = ElementWriter(Self.elements, stream: stream)
        write(to: &writer)
    }
}

extension AnyResource {
    /// Streams a modelled resource's elements to `stream` and returns true; false for a resource the
    /// gateway keeps as a tree (`other`).
    public func write(to stream: any ElementStream) -> Bool {
        switch self {
        case .patient(let resource): resource.write(to: stream)
        case .observation(let resource): resource.write(to: stream)
        case .bundle(let resource): resource.write(to: stream)
        case .operationOutcome(let resource): resource.write(to: stream)
        case .parameters(let resource): resource.write(to: stream)
        case .capabilityStatement(let resource): resource.write(to: stream)
        case .other: return false
        }
        return true
    }
}
