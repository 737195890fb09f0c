import CLibXML2
import FHIRModels
import Foundation

/// Reads FHIR XML (http://hl7.org/fhir/R4/xml.html) into the element tree of a resource with
/// libxml2's streaming reader. Hostile input is refused early: no DTD (so no entity expansion and no
/// external entities), no network, a depth limit, and malformed or non-UTF-8 documents are reported
/// with their line and column.
struct FHIRXMLReader {
    static let xhtmlNamespace = "http://www.w3.org/1999/xhtml"
    static let maximumDepth = 64

    let issues: IssueCollector

    /// An element being read: its name, attributes and children so far.
    private struct Frame {
        var name: String
        var path: String
        var attributes: [(name: String, value: String)] = []
        var children: [ElementNode] = []
        var counts: [String: Int] = [:]
        var isResource: Bool
    }

    func resource(_ bytes: [UInt8]) -> ElementNode? {
        xmlInitParser()
        // libxml2 would print what it finds wrong (encoding errors among them) on the process's standard
        // error: a client could fill the server's log. The issues this reader reports are its answer.
        // The handler is libxml2's per-thread state, so it is set on the thread that parses.
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        guard let length = Int32(exactly: bytes.count) else {
            issues.add(.error(.tooCostly, "The XML is larger than \(Int32.max) bytes"))
            return nil
        }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let reader = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReaderForMemory($0, length, nil, "UTF-8", options)
                }
            }
        }
        guard let reader else {
            issues.add(.error(.structure, "The body is not XML"))
            return nil
        }
        defer { xmlFreeTextReader(reader) }
        // The reader parses `bytes` in place: they stay alive until the reader is freed above.
        return withExtendedLifetime(bytes) { read(reader) }
    }

    private func read(_ reader: xmlTextReaderPtr) -> ElementNode? {
        var stack: [Frame] = []
        var root: ElementNode?
        var advanced = false
        while true {
            let status = advanced ? 1 : xmlTextReaderRead(reader)
            advanced = false
            if status == 0 { break }
            guard status == 1 else {
                syntaxError(reader)
                return nil
            }
            switch xmlTextReaderNodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                guard xmlTextReaderDepth(reader) < Self.maximumDepth else {
                    issues.add(.error(.tooCostly, "The document nests deeper than \(Self.maximumDepth) levels",
                                      at: stack.last?.path))
                    return nil
                }
                let name = string(xmlTextReaderConstLocalName(reader))
                let namespace = string(xmlTextReaderConstNamespaceUri(reader))
                if name == "div", namespace == Self.xhtmlNamespace, !stack.isEmpty {
                    guard let xhtml = outerXML(reader) else { return nil }
                    append(ElementNode(name: "div", content: .primitive(PrimitiveContent(lexical: xhtml, form: .string))),
                           to: &stack)
                    // Skip the XHTML subtree: move to what follows it.
                    let next = xmlTextReaderNext(reader)
                    if next == -1 {
                        syntaxError(reader)
                        return nil
                    }
                    if next == 0 { break }
                    advanced = true
                    continue
                }
                let path = stack.last.map { parent in
                    let index = parent.counts[name, default: 0]
                    return index == 0 ? "\(parent.path).\(name)" : "\(parent.path).\(name)[\(index)]"
                } ?? name
                guard namespace == FHIRXMLWriter.namespace else {
                    issues.add(.error(.structure, "'\(name)' is not in the FHIR namespace (\(FHIRXMLWriter.namespace))",
                                      at: path))
                    return nil
                }
                if !stack.isEmpty { stack[stack.count - 1].counts[name, default: 0] += 1 }
                var frame = Frame(name: name, path: path, isResource: stack.isEmpty || name.first?.isUppercase == true)
                while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                    let attribute = string(xmlTextReaderConstName(reader))
                    if attribute == "xmlns" || attribute.hasPrefix("xmlns:") { continue }
                    frame.attributes.append((attribute, string(xmlTextReaderConstValue(reader))))
                }
                _ = xmlTextReaderMoveToElement(reader)
                if xmlTextReaderIsEmptyElement(reader) == 1 {
                    guard let node = finish(frame) else { return nil }
                    append(node, to: &stack)
                } else {
                    stack.append(frame)
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                guard let frame = stack.popLast(), let node = finish(frame) else { return nil }
                if stack.isEmpty { root = node } else { append(node, to: &stack) }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                let text = string(xmlTextReaderConstValue(reader))
                if !text.allSatisfy(\.isWhitespace) {
                    issues.add(.error(.structure, "FHIR XML has no text content outside Narrative.div; found '"
                        + String(text.prefix(40)) + "'", at: stack.last?.path))
                    return nil
                }
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue):
                issues.add(.error(.structure, "Document type declarations (DTDs) are not allowed in FHIR XML"))
                return nil
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue), Int32(XML_READER_TYPE_ENTITY.rawValue):
                issues.add(.error(.structure, "Entity references are not allowed in FHIR XML", at: stack.last?.path))
                return nil
            default:
                continue  // comments, processing instructions, whitespace
            }
        }
        guard let root else {
            issues.add(.error(.structure, "The document has no root element"))
            return nil
        }
        return root
    }

    /// The node an element becomes once it is closed.
    private func finish(_ frame: Frame) -> ElementNode? {
        var value: String?
        var id: String?
        var url: String?
        for (name, text) in frame.attributes {
            switch name {
            case "value": value = text
            case "id": id = text
            case "url" where frame.name == "extension" || frame.name == "modifierExtension": url = text
            default:
                issues.add(.error(.structure, "Unknown attribute '\(name)'", at: frame.path))
                return nil
            }
        }
        if frame.isResource {
            return ElementNode(name: frame.name, content: .resource(type: frame.name, frame.children))
        }
        if let value {
            let others = frame.children.filter { $0.name != "extension" }
            if let other = others.first {
                issues.add(.error(.structure, "A primitive element has only extensions as children, not '\(other.name)'",
                                  at: frame.path))
                return nil
            }
            return ElementNode(name: frame.name, content: .primitive(PrimitiveContent(
                lexical: value, form: .unspecified, id: id, extensions: frame.children)))
        }
        if frame.children.count == 1, id == nil, case .resource(let type, let children) = frame.children[0].content {
            return ElementNode(name: frame.name, content: .resource(type: type, children))
        }
        var children: [ElementNode] = []
        for (name, text) in [("id", id), ("url", url)] {
            if let text {
                children.append(ElementNode(name: name, content: .primitive(PrimitiveContent(lexical: text, form: .string)),
                                            repeats: false))
            }
        }
        if children.isEmpty, frame.children.isEmpty {
            issues.add(.error(.structure, "An element must have a value attribute or children", at: frame.path))
            return nil
        }
        return ElementNode(name: frame.name, content: .complex(children + frame.children))
    }

    private func append(_ node: ElementNode, to stack: inout [Frame]) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].children.append(node)
    }

    private func outerXML(_ reader: xmlTextReaderPtr) -> String? {
        guard let xml = xmlTextReaderReadOuterXml(reader) else {
            syntaxError(reader)
            return nil
        }
        defer { healthgateway_xmlFree(xml) }
        return String(cString: xml)
    }

    /// The parser's own message, with where it stopped.
    private func syntaxError(_ reader: xmlTextReaderPtr) {
        let line = xmlTextReaderGetParserLineNumber(reader)
        let column = xmlTextReaderGetParserColumnNumber(reader)
        var message = "the document is not well-formed XML"
        if let error = xmlGetLastError(), let text = error.pointee.message {
            message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        issues.add(.error(.structure, "The body is not valid XML: line \(line), column \(column): \(message)"))
    }

    private func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
