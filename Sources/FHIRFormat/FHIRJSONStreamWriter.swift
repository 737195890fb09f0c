import FHIRModels

/// Writes a resource as FHIR JSON (http://hl7.org/fhir/R4/json.html) straight from its model, as the
/// model writes its elements (`ElementStream`), with no element tree in between: the same bytes as
/// `FHIRJSONWriter` over the resource's tree, without a node and an array per element (a FHIR Patient read took about a tenth
/// less server CPU; BENCHMARKS.md, "The read path on the event loops").
///
/// Elements given as trees (choice values, resources in an element) go through `FHIRJSONWriter`. When
/// the model's elements do not come in definition order, `broken` is set and the caller writes the tree.
final class FHIRJSONStreamWriter: ElementStream {
    private var writer: FHIRJSONWriter
    var broken = false

    private init(pretty: Bool) {
        writer = FHIRJSONWriter(pretty: pretty)
    }

    /// A resource of `type` as FHIR JSON, its elements from `write`; nil when `write` cannot stream
    /// them (a resource kept as a tree) or they came out of order.
    static func encode(type: String, pretty: Bool, _ write: (FHIRJSONStreamWriter) -> Bool) -> [UInt8]? {
        let stream = FHIRJSONStreamWriter(pretty: pretty)
        stream.writer.json.beginObject()
        stream.writer.json.key("resourceType")
        stream.writer.json.string(type)
        guard write(stream), !stream.broken else { return nil }
        stream.writer.json.endObject()
        return stream.writer.json.bytes
    }

    static func encode(_ resource: AnyResource, pretty: Bool) -> [UInt8]? {
        encode(type: resource.resourceType, pretty: pretty) { resource.write(to: $0) }
    }

    func primitives(_ name: String, repeats: Bool, _ values: [PrimitiveContent]) {
        writer.writePrimitives(values, name: name, asArray: repeats)
    }

    func beginComplex(_ name: String, repeats: Bool) {
        writer.json.key(name)
        if repeats { writer.json.beginArray() }
    }

    func beginItem() { writer.json.beginObject() }

    func endItem() { writer.json.endObject() }

    func endComplex(repeats: Bool) {
        if repeats { writer.json.endArray() }
    }

    func nodes(_ nodes: [ElementNode]) {
        writer.writeGroup(nodes[...])
    }
}
