import FHIRModels

/// Turns parsed JSON into the element tree of a resource by the rules of FHIR JSON
/// (http://hl7.org/fhir/R4/json.html): `resourceType` names a resource, `_name` carries the id and
/// extensions of primitive `name`, arrays hold repeating elements, and there are no nulls (but as
/// placeholders in primitive arrays), no empty objects, arrays or strings.
struct FHIRJSONReader {
    let issues: IssueCollector

    /// The resource a JSON object holds, or nil when it is not one (the problem is recorded).
    func resource(_ json: JSONNode, at path: String?) -> ElementNode? {
        guard case .object(let members) = json else {
            issues.add(.error(.structure, "A resource must be a JSON object", at: path))
            return nil
        }
        guard let typeMember = members.first(where: { $0.key == "resourceType" }) else {
            issues.add(.error(.structure, "The object has no 'resourceType', so it is not a resource", at: path))
            return nil
        }
        guard case .string(let type) = typeMember.value, !type.isEmpty else {
            issues.add(.error(.structure, "'resourceType' must be a string naming a resource type", at: path))
            return nil
        }
        let children = elements(members.filter { $0.key != "resourceType" }, at: path.map { "\($0)" } ?? type)
        return ElementNode(name: type, content: .resource(type: type, children))
    }

    /// The child elements of an object, `_name` members merged into their primitives.
    private func elements(_ members: [JSONMember], at path: String) -> [ElementNode] {
        var nodes: [ElementNode] = []
        var positions: [String: [Int]] = [:]
        for member in members where !member.key.hasPrefix("_") {
            let location = "\(path).\(member.key)"
            for node in values(of: member, at: location) {
                positions[member.key, default: []].append(nodes.count)
                nodes.append(node)
            }
        }
        for member in members where member.key.hasPrefix("_") {
            let name = String(member.key.dropFirst())
            mergeExtensions(member.value, into: &nodes, positions: positions[name] ?? [], name: name,
                            at: "\(path).\(name)")
        }
        return nodes
    }

    /// One node per value of a member: one for a single value, one per item for an array.
    private func values(of member: JSONMember, at location: String) -> [ElementNode] {
        switch member.value {
        case .array(let items):
            if items.isEmpty {
                issues.add(.error(.structure, "An array must not be empty: leave the element out", at: location))
            }
            return items.enumerated().compactMap { index, item in
                if case .null = item { return placeholder(member.key) }
                if case .array = item {
                    issues.add(.error(.structure, "Arrays must not be nested", at: "\(location)[\(index)]"))
                    return nil
                }
                return node(member.key, item, repeats: true, at: "\(location)[\(index)]")
            }
        default:
            return node(member.key, member.value, repeats: false, at: location).map { [$0] } ?? []
        }
    }

    /// A null in an array of primitives holds the place of a value that only has extensions.
    private func placeholder(_ name: String) -> ElementNode {
        ElementNode(name: name, content: .primitive(PrimitiveContent(lexical: nil, form: .unspecified)), repeats: true)
    }

    private func node(_ name: String, _ value: JSONNode, repeats: Bool, at location: String) -> ElementNode? {
        let content: ElementNode.Content
        switch value {
        case .null:
            issues.add(.error(.structure, "null is not allowed: leave the element out", at: location))
            return nil
        case .bool(let flag):
            content = .primitive(PrimitiveContent(lexical: flag ? "true" : "false", form: .boolean))
        case .number(let lexical):
            content = .primitive(PrimitiveContent(lexical: lexical, form: .number))
        case .string(let text):
            if text.isEmpty {
                issues.add(.error(.value, "A value must not be an empty string: leave the element out", at: location))
                return nil
            }
            content = .primitive(PrimitiveContent(lexical: text, form: .string))
        case .object(let members):
            if members.contains(where: { $0.key == "resourceType" }) {
                return resource(value, at: location).map { ElementNode(name: name, content: $0.content, repeats: repeats) }
            }
            if members.isEmpty {
                issues.add(.error(.structure, "An object must not be empty: leave the element out", at: location))
                return nil
            }
            content = .complex(elements(members, at: location))
        case .array:
            return nil  // handled by the caller
        }
        return ElementNode(name: name, content: content, repeats: repeats)
    }

    /// Adds the `id` and extensions of `_name` to the primitives of `name` (json.html#primitive).
    private func mergeExtensions(
        _ value: JSONNode, into nodes: inout [ElementNode], positions: [Int], name: String, at location: String
    ) {
        let items: [JSONNode]
        let isArray: Bool
        if case .array(let list) = value { (items, isArray) = (list, true) } else { (items, isArray) = ([value], false) }
        var positions = positions
        if positions.isEmpty {
            for _ in items {
                positions.append(nodes.count)
                nodes.append(ElementNode(name: name, content: .primitive(PrimitiveContent(lexical: nil, form: .unspecified)),
                                         repeats: isArray))
            }
        } else if positions.count != items.count {
            issues.add(.error(.structure, "'_\(name)' must have as many items as '\(name)'", at: location))
            return
        }
        for (index, item) in items.enumerated() {
            let itemLocation = isArray ? "\(location)[\(index)]" : location
            guard case .primitive(var content) = nodes[positions[index]].content else {
                issues.add(.error(.structure, "'_\(name)' belongs to a primitive element, and '\(name)' is not one",
                                  at: itemLocation))
                return
            }
            switch item {
            case .null: continue
            case .object(let members):
                for member in members {
                    switch (member.key, member.value) {
                    case ("id", .string(let id)): content.id = id
                    case ("extension", _):
                        content.extensions = values(of: member, at: "\(itemLocation).extension")
                    default:
                        issues.add(.error(.structure, "Unknown element '\(member.key)' in '_\(name)'", at: itemLocation))
                    }
                }
                if members.isEmpty {
                    issues.add(.error(.structure, "An object must not be empty: leave the element out", at: itemLocation))
                }
            default:
                issues.add(.error(.structure, "'_\(name)' must hold objects with 'id' and 'extension'", at: itemLocation))
            }
            if content.lexical == nil, content.extensions.isEmpty, content.id == nil {
                issues.add(.error(.structure, "'\(name)' has neither a value nor extensions", at: itemLocation))
            }
            nodes[positions[index]].content = .primitive(content)
        }
    }
}
