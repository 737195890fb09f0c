import FHIRModels

/// Writes an element tree as FHIR XML (http://hl7.org/fhir/R4/xml.html): the resource type as the root
/// element in the FHIR namespace, primitives as `value` attributes, `id` of elements and `url` of
/// extensions as attributes, nested resources wrapped in their element, `Narrative.div` as XHTML.
/// Children are written in the order of the tree, which the models keep in definition order.
struct FHIRXMLWriter {
    static let namespace = "http://hl7.org/fhir"
    private(set) var bytes: [UInt8] = []
    let pretty: Bool
    private var depth = 0

    init(pretty: Bool, capacity: Int = 1024) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    mutating func writeDocument(type: String, _ children: [ElementNode]) {
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        newline()
        writeResource(type: type, children, declareNamespace: true)
        if pretty { bytes.append(UInt8(ascii: "\n")) }
    }

    private mutating func writeResource(type: String, _ children: [ElementNode], declareNamespace: Bool) {
        append("<")
        append(type)
        if declareNamespace { attribute("xmlns", Self.namespace) }
        writeChildren(children, name: type)
    }

    private mutating func writeElement(_ node: ElementNode) {
        newline()
        switch node.content {
        case .primitive(let content):
            if node.name == "div", let xhtml = content.lexical {
                append(xhtml)  // Narrative.div: XHTML in its own namespace, written as it is
                return
            }
            append("<")
            append(node.name)
            if let id = content.id { attribute("id", id) }
            if let value = content.lexical { attribute("value", value) }
            writeChildren(content.extensions, name: node.name)
        case .complex(let children):
            append("<")
            append(node.name)
            var elements: [ElementNode] = []
            let isExtension = node.name == "extension" || node.name == "modifierExtension"
            for child in children {
                if case .primitive(let content) = child.content, let value = content.lexical,
                   child.name == "id" || (isExtension && child.name == "url") {
                    attribute(child.name, value)
                } else {
                    elements.append(child)
                }
            }
            writeChildren(elements, name: node.name)
        case .resource(let type, let children):
            append("<\(node.name)>")
            depth += 1
            newline()
            writeResource(type: type, children, declareNamespace: false)
            depth -= 1
            newline()
            append("</\(node.name)>")
        }
    }

    /// Closes a start tag whose attributes are written: empty, or with child elements and an end tag.
    private mutating func writeChildren(_ children: [ElementNode], name: String) {
        if children.isEmpty {
            append("/>")
            return
        }
        append(">")
        depth += 1
        for child in children { writeElement(child) }
        depth -= 1
        newline()
        append("</\(name)>")
    }

    private mutating func attribute(_ name: String, _ value: String) {
        append(" \(name)=\"")
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"): append("&amp;")
            case UInt8(ascii: "<"): append("&lt;")
            case UInt8(ascii: ">"): append("&gt;")
            case UInt8(ascii: "\""): append("&quot;")
            // Whitespace other than spaces would be normalized away in an attribute: keep it as a reference.
            case UInt8(ascii: "\n"): append("&#10;")
            case UInt8(ascii: "\r"): append("&#13;")
            case UInt8(ascii: "\t"): append("&#9;")
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func newline() {
        guard pretty, !bytes.isEmpty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}
