extension AnyResource {
    public init<R: FHIRResource>(_ resource: R) {
        switch resource {
        case let value as Patient: self = .patient(value)
        case let value as Observation: self = .observation(value)
        case let value as Bundle: self = .bundle(value)
        case let value as OperationOutcome: self = .operationOutcome(value)
        case let value as Parameters: self = .parameters(value)
        case let value as CapabilityStatement: self = .capabilityStatement(value)
        default: preconditionFailure("\(R.resourceType) has no case in AnyResource")
        }
    }

    /// The resource if it is of type `R`.
    public func `as`<R: FHIRResource>(_ type: R.Type) -> R? {
        switch self {
        case .patient(let value): return value as? R
        case .observation(let value): return value as? R
        case .bundle(let value): return value as? R
        case .operationOutcome(let value): return value as? R
        case .parameters(let value): return value as? R
        case .capabilityStatement(let value): return value as? R
        case .other: return nil
        }
    }
}

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
}
