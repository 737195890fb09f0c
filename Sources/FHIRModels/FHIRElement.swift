/// A FHIR complex type, backbone element or resource: a value type that reads itself from an
/// `ElementNode` tree and writes itself back, its elements listed in definition order.
public protocol FHIRElement: Sendable, Hashable {
    /// Where the type is defined: a type name (`HumanName`, `Patient`) or the path of a backbone
    /// element (`Observation.component`). A test checks `elements` against that definition.
    static var definitionPath: String { get }
    static var elements: ElementSpecList { get }
    /// Reads the fields; problems go to the reader's issues, never thrown.
    init(from reader: inout ElementReader)
    func write(to writer: inout ElementWriter)
}

/// A resource (http://hl7.org/fhir/R4/resource.html).
public protocol FHIRResource: FHIRElement {
    static var resourceType: String { get }
    var id: FHIRId? { get set }
    var meta: Meta? { get set }
}

extension FHIRResource {
    public static var definitionPath: String { resourceType }

    /// The resource as an element tree, ready for a codec.
    public var node: ElementNode {
        var writer = ElementWriter(Self.elements)
        write(to: &writer)
        return ElementNode(name: Self.resourceType, content: .resource(type: Self.resourceType, writer.nodes))
    }
}

/// Collects the issues of one decoding pass; readers of nested elements share it.
public final class IssueCollector {
    public private(set) var issues: [FHIRIssue] = []

    public init() {}

    public func add(_ issue: FHIRIssue) { issues.append(issue) }
}
