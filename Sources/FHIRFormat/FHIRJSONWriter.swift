import FHIRModels

/// Writes an element tree as FHIR JSON (http://hl7.org/fhir/R4/json.html): `resourceType` first,
/// repeating elements as arrays, primitives in their JSON form with their id and extensions under
/// `_name`, nothing empty.
struct FHIRJSONWriter {
    var json: JSONWriter

    init(pretty: Bool) {
        json = JSONWriter(pretty: pretty)
    }

    mutating func writeResource(type: String, _ children: [ElementNode]) {
        json.beginObject()
        json.key("resourceType")
        json.string(type)
        writeMembers(children)
        json.endObject()
    }

    private mutating func writeMembers(_ children: [ElementNode]) {
        var start = children.startIndex
        while start < children.endIndex {
            let name = children[start].name
            var end = start + 1
            while end < children.endIndex, children[end].name == name { end += 1 }
            writeGroup(children[start..<end])
            start = end
        }
    }

    /// All occurrences of one element.
    mutating func writeGroup(_ group: ArraySlice<ElementNode>) {
        guard let first = group.first else { return }
        let asArray = first.repeats ?? (group.count > 1)
        if case .primitive = first.content {
            let contents = group.compactMap { node -> PrimitiveContent? in
                if case .primitive(let content) = node.content { return content }
                return nil
            }
            writePrimitives(contents, name: first.name, asArray: asArray)
            return
        }
        json.key(first.name)
        if asArray { json.beginArray() }
        for node in group { writeComplex(node) }
        if asArray { json.endArray() }
    }

    private mutating func writeComplex(_ node: ElementNode) {
        switch node.content {
        case .primitive: break
        case .complex(let children):
            json.beginObject()
            writeMembers(children)
            json.endObject()
        case .resource(let type, let children):
            writeResource(type: type, children)
        }
    }

    /// The occurrences of a primitive element: `name` with the values, then `_name` with their ids and
    /// extensions when any has one (http://hl7.org/fhir/R4/json.html#primitive).
    mutating func writePrimitives(_ contents: [PrimitiveContent], name: String, asArray: Bool) {
        if contents.contains(where: { $0.lexical != nil }) {
            json.key(name)
            if asArray { json.beginArray() }
            for content in contents { writeValue(content) }
            if asArray { json.endArray() }
        }
        guard contents.contains(where: { $0.id != nil || !$0.extensions.isEmpty }) else { return }
        json.key("_" + name)
        if asArray { json.beginArray() }
        for content in contents {
            if content.id == nil, content.extensions.isEmpty {
                json.null()
                continue
            }
            json.beginObject()
            if let id = content.id {
                json.key("id")
                json.string(id)
            }
            if !content.extensions.isEmpty {
                writeGroup(content.extensions[...])
            }
            json.endObject()
        }
        if asArray { json.endArray() }
    }

    private mutating func writeValue(_ content: PrimitiveContent) {
        guard let lexical = content.lexical else {
            json.null()
            return
        }
        switch content.form {
        case .number: json.number(lexical)
        case .boolean: json.bool(lexical == "true")
        case .string, .unspecified: json.string(lexical)
        }
    }
}
