/// One element of a resource in a form neither JSON nor XML: its name and its content, a primitive
/// value, child elements or a whole resource (`contained`, `Bundle.entry.resource`).
///
/// The codecs in FHIRFormat turn bytes into these trees and back; the model types read their fields
/// from them (`ElementReader`) and write them (`ElementWriter`). Children keep document order, and a
/// repeating element is one node per occurrence.
public struct ElementNode: Sendable, Hashable {
    public var name: String
    public var content: Content
    /// Whether the element is a list in its JSON form; nil where the format does not say (XML).
    /// Readers check it against the definition, writers use it to emit a JSON array.
    public var repeats: Bool?

    /// Not `indirect`: the children are in arrays, which are references already, and a box for every
    /// node would be one more allocation per element written or read.
    public enum Content: Sendable, Hashable {
        case primitive(PrimitiveContent)
        case complex([ElementNode])
        /// A resource in an element of type Resource: its type and its elements.
        case resource(type: String, [ElementNode])
    }

    public init(name: String, content: Content, repeats: Bool? = nil) {
        self.name = name
        self.content = content
        self.repeats = repeats
    }

    /// The child elements of a complex element or a resource; empty for a primitive.
    public var children: [ElementNode] {
        switch content {
        case .primitive: return []
        case .complex(let children), .resource(_, let children): return children
        }
    }
}

/// The content of a primitive element (http://hl7.org/fhir/R4/datatypes.html#primitive): its value in
/// lexical form, kept as written, and the `id` and extensions every element may carry.
public struct PrimitiveContent: Sendable, Hashable {
    /// The value as written; nil when the element only carries extensions.
    public var lexical: String?
    /// How the value is written in JSON.
    public var form: JSONForm
    public var id: String?
    public var extensions: [ElementNode]

    public init(lexical: String?, form: JSONForm, id: String? = nil, extensions: [ElementNode] = []) {
        self.lexical = lexical
        self.form = form
        self.id = id
        self.extensions = extensions
    }

    /// The JSON value kind of a primitive (http://hl7.org/fhir/R4/json.html#primitive). `unspecified`
    /// when the source format does not distinguish them (XML attributes).
    public enum JSONForm: Sendable, Hashable {
        case string, number, boolean, unspecified
    }
}
