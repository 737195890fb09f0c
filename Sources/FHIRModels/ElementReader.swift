/// Reads the child elements of one complex element or resource against the type's definition,
/// recording every problem with its FHIRPath location (http://hl7.org/fhir/R4/fhirpath.html):
/// unknown elements, a list where one value belongs (or the reverse), a primitive where an object
/// belongs, values that break their type's grammar, missing required elements.
///
/// Each field is taken once; `remainingElements()` hands over the elements the type keeps without
/// modelling them, so nothing read is ever silently lost.
public struct ElementReader {
    /// The FHIRPath of the element being read (`Observation.component[0]`).
    public let path: String
    public let issues: IssueCollector
    private let spec: ElementSpecList
    private var taken: [Bool]
    private let children: [ElementNode]

    public init(children: [ElementNode], path: String, spec: ElementSpecList, issues: IssueCollector) {
        self.path = path
        self.issues = issues
        self.spec = spec
        self.children = children
        self.taken = Array(repeating: false, count: children.count)
        checkStructure()
    }

    private mutating func checkStructure() {
        var seenChoice: [String: String] = [:]
        var counts = [Int](repeating: 0, count: spec.elements.count)  // by position: no hashing per element
        var choiceCounts: [String: Int] = [:]  // a choice's types share a position: counted by name
        var lastPosition = -1
        var lastName = ""
        for (index, child) in children.enumerated() {
            guard let position = spec.position(of: child.name) else {
                issues.add(.error(.structure, "Unknown element '\(child.name)'", at: "\(path).\(child.name)"))
                taken[index] = true
                continue
            }
            let definition = spec[position]
            let count: Int
            if definition.isChoice {
                choiceCounts[child.name, default: 0] += 1
                count = choiceCounts[child.name] ?? 1
            } else {
                counts[position] += 1
                count = counts[position]
            }
            // XML (where `repeats` is unknown) must follow the definition's order (xml.html#1.17.1).
            if child.repeats == nil {
                if position < lastPosition {
                    issues.add(.error(.structure, "'\(child.name)' is out of order: the definition puts it before "
                        + "'\(lastName)'", at: "\(path).\(child.name)"))
                }
                if position > lastPosition { (lastPosition, lastName) = (position, child.name) }
            }
            if definition.isChoice, let other = seenChoice[definition.name], other != child.name {
                issues.add(.error(.structure, "Only one of '\(other)' and '\(child.name)' may be present: "
                    + "\(definition.definitionName) is a choice", at: "\(path).\(child.name)"))
            }
            if definition.isChoice { seenChoice[definition.name] = child.name }
            if let repeats = child.repeats, repeats != definition.repeats, count == 1 {
                issues.add(.error(.structure, repeats
                    ? "'\(child.name)' holds one value, not a list"
                    : "'\(child.name)' is a list: its value must be an array", at: "\(path).\(child.name)"))
            }
            if !definition.repeats, count == 2 {
                issues.add(.error(.structure, "'\(child.name)' may occur only once", at: "\(path).\(child.name)"))
            }
        }
    }

    /// The FHIRPath of a child element.
    public func location(of name: String, index: Int? = nil) -> String {
        index.map { "\(path).\(name)[\($0)]" } ?? "\(path).\(name)"
    }

    /// Takes the occurrences of one element.
    private mutating func take(_ name: String) -> [ElementNode] {
        var found: [ElementNode] = []
        for index in children.indices where !taken[index] && children[index].name == name {
            taken[index] = true
            found.append(children[index])
        }
        return found
    }

    private func repeats(_ name: String) -> Bool { spec.position(of: name).map { spec[$0].repeats } ?? false }

    // MARK: primitives

    public mutating func primitive<Kind>(_ name: String, required: Bool = false) -> FHIRPrimitive<Kind>? {
        let values: [FHIRPrimitive<Kind>] = primitives(name)
        if values.isEmpty, required { missing(name) }
        return values.first
    }

    public mutating func primitives<Kind>(_ name: String, required: Bool = false) -> [FHIRPrimitive<Kind>] {
        let list = repeats(name)
        let nodes = take(name)
        if nodes.isEmpty, required { missing(name) }
        return nodes.enumerated().compactMap { index, node in
            decodePrimitive(node, at: location(of: name, index: list ? index : nil))
        }
    }

    /// A primitive from a node found elsewhere (a choice element).
    public func decodePrimitive<Kind>(_ node: ElementNode, at location: String) -> FHIRPrimitive<Kind>? {
        var node = node
        if case .complex(let children) = node.content, node.repeats == nil || children.contains(where: { $0.repeats == nil }),
           !children.isEmpty, children.allSatisfy({ $0.name == "extension" || $0.name == "id" }) {
            // In XML a primitive with extensions but no value has no value attribute to show it is one.
            var content = PrimitiveContent(lexical: nil, form: .unspecified)
            for child in children {
                if child.name == "extension" {
                    content.extensions.append(child)
                } else if case .primitive(let id) = child.content {
                    content.id = id.lexical
                }
            }
            node.content = .primitive(content)
        }
        guard case .primitive(let content) = node.content else {
            issues.add(.error(.structure, "Expected a primitive value (\(Kind.typeName)), found an object", at: location))
            return nil
        }
        if content.form != .unspecified, content.form != Kind.jsonForm, content.lexical != nil {
            issues.add(.error(.structure, "A \(Kind.typeName) must be written as a JSON \(Self.describe(Kind.jsonForm))",
                              at: location))
            return nil
        }
        if let lexical = content.lexical, !Kind.isValid(lexical) {
            issues.add(.error(.value, "'\(lexical)' is not a valid \(Kind.typeName)", at: location))
            return nil
        }
        guard !content.extensions.isEmpty else { return FHIRPrimitive(content.lexical, id: content.id, extensions: []) }
        let extensionReader = ElementReader(children: [], path: location, spec: Extension.elements, issues: issues)
        let extensions = content.extensions.enumerated().map { index, node in
            extensionReader.decodeElement(node, as: Extension.self, at: "\(location).extension[\(index)]")
        }
        return FHIRPrimitive(content.lexical, id: content.id, extensions: extensions.compactMap { $0 })
    }

    private static func describe(_ form: PrimitiveContent.JSONForm) -> String {
        switch form {
        case .string, .unspecified: return "string"
        case .number: return "number"
        case .boolean: return "boolean (true or false)"
        }
    }

    // MARK: complex elements

    public mutating func element<T: FHIRElement>(_ name: String, required: Bool = false) -> T? {
        let values: [T] = elements(name)
        if values.isEmpty, required { missing(name) }
        return values.first
    }

    public mutating func elements<T: FHIRElement>(_ name: String, required: Bool = false) -> [T] {
        let list = repeats(name)
        let nodes = take(name)
        if nodes.isEmpty, required { missing(name) }
        return nodes.enumerated().compactMap { index, node in
            decodeElement(node, as: T.self, at: location(of: name, index: list ? index : nil))
        }
    }

    /// A complex element from a node found elsewhere (a choice element).
    public func decodeElement<T: FHIRElement>(_ node: ElementNode, as type: T.Type, at location: String) -> T? {
        guard case .complex(let children) = node.content else {
            issues.add(.error(.structure, "Expected an object (\(T.definitionPath)), found "
                + (node.content.isResource ? "a resource" : "a primitive value"), at: location))
            return nil
        }
        if children.isEmpty {
            issues.add(.error(.structure, "An element must have a value or children", at: location))
        }
        var reader = ElementReader(children: children, path: location, spec: T.elements, issues: issues)
        return T(from: &reader)
    }

    /// A choice element `name[x]`: the type named by the element's suffix and the node.
    public mutating func choice(_ name: String) -> (type: String, node: ElementNode, location: String)? {
        guard let position = firstChoicePosition(name) else { return nil }
        for type in spec[position].types {
            let fullName = name + ElementSpec.choiceSuffix(type)
            if let node = take(fullName).first { return (type, node, location(of: fullName)) }
        }
        return nil
    }

    private func firstChoicePosition(_ name: String) -> Int? {
        spec.elements.firstIndex { $0.isChoice && $0.name == name }
    }

    /// Resources in an element of type Resource (`contained`, `entry.resource`).
    public mutating func resources(_ name: String) -> [AnyResource] {
        let list = repeats(name)
        return take(name).enumerated().compactMap { index, node in
            let location = location(of: name, index: list ? index : nil)
            guard case .resource(let type, let children) = node.content else {
                issues.add(.error(.structure, "Expected a resource (an object with resourceType)", at: location))
                return nil
            }
            return AnyResource.decode(type: type, children, at: location, issues: issues)
        }
    }

    /// The elements not taken yet: those the type keeps as they came, to write back unchanged.
    public mutating func remainingElements() -> [ElementNode] {
        var rest: [ElementNode] = []
        for index in children.indices where !taken[index] {
            taken[index] = true
            rest.append(children[index])
        }
        return rest
    }

    public func missing(_ name: String) {
        issues.add(.error(.required, "Missing required element '\(name)'", at: location(of: name)))
    }
}

extension ElementNode.Content {
    var isResource: Bool {
        if case .resource = self { return true }
        return false
    }
}
