extension AnyResource {
    /// The resource's logical id, if it has one.
    public var id: String? {
        switch self {
        case .patient(let value): return value.id?.value
        case .observation(let value): return value.id?.value
        case .bundle(let value): return value.id?.value
        case .operationOutcome(let value): return value.id?.value
        case .parameters(let value): return value.id?.value
        case .capabilityStatement(let value): return value.id?.value
        case .other(_, let children):
            guard case .primitive(let content)? = children.first(where: { $0.name == "id" })?.content else { return nil }
            return content.lexical
        }
    }

    /// The resource's `meta`, if its type has one.
    public var meta: Meta? {
        switch self {
        case .patient(let resource): return resource.meta
        case .observation(let resource): return resource.meta
        case .bundle(let resource): return resource.meta
        case .operationOutcome(let resource): return resource.meta
        case .parameters(let resource): return resource.meta
        case .capabilityStatement(let resource): return resource.meta
        case .other: return nil
        }
    }
}
