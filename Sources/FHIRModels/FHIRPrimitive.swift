/// A FHIR primitive element (http://hl7.org/fhir/R4/datatypes.html#primitive): its value kept in the
/// lexical form it was written in (a decimal `1.50` stays `1.50`, a date keeps its precision), plus the
/// `id` and extensions any element may carry (`_birthDate` in JSON).
public struct FHIRPrimitive<Kind: PrimitiveKind>: Sendable, Hashable {
    /// The value as written; nil when the element only carries extensions.
    public var value: String?
    public var id: String?
    public var extensions: [Extension]

    public init(_ value: String?, id: String? = nil, extensions: [Extension] = []) {
        self.value = value
        self.id = id
        self.extensions = extensions
    }
}

extension FHIRPrimitive: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

/// One FHIR primitive type: its name, its JSON form and the grammar of its values.
public protocol PrimitiveKind: Sendable, Hashable {
    /// The FHIR type code (`decimal`, `dateTime`).
    static var typeName: String { get }
    static var jsonForm: PrimitiveContent.JSONForm { get }
    static func isValid(_ lexical: String) -> Bool
}

extension PrimitiveKind {
    public static var jsonForm: PrimitiveContent.JSONForm { .string }
}

public typealias FHIRString = FHIRPrimitive<PrimitiveKinds.StringKind>
public typealias FHIRCode = FHIRPrimitive<PrimitiveKinds.CodeKind>
public typealias FHIRId = FHIRPrimitive<PrimitiveKinds.IdKind>
public typealias FHIRURI = FHIRPrimitive<PrimitiveKinds.URIKind>
public typealias FHIRURL = FHIRPrimitive<PrimitiveKinds.URLKind>
public typealias FHIRCanonical = FHIRPrimitive<PrimitiveKinds.CanonicalKind>
public typealias FHIRMarkdown = FHIRPrimitive<PrimitiveKinds.MarkdownKind>
public typealias FHIRBoolean = FHIRPrimitive<PrimitiveKinds.BooleanKind>
public typealias FHIRInteger = FHIRPrimitive<PrimitiveKinds.IntegerKind>
public typealias FHIRUnsignedInt = FHIRPrimitive<PrimitiveKinds.UnsignedIntKind>
public typealias FHIRPositiveInt = FHIRPrimitive<PrimitiveKinds.PositiveIntKind>
public typealias FHIRDecimal = FHIRPrimitive<PrimitiveKinds.DecimalKind>
public typealias FHIRDate = FHIRPrimitive<PrimitiveKinds.DateKind>
public typealias FHIRDateTime = FHIRPrimitive<PrimitiveKinds.DateTimeKind>
public typealias FHIRInstant = FHIRPrimitive<PrimitiveKinds.InstantKind>
public typealias FHIRTime = FHIRPrimitive<PrimitiveKinds.TimeKind>
public typealias FHIRXHTML = FHIRPrimitive<PrimitiveKinds.XHTMLKind>

extension FHIRPrimitive where Kind == PrimitiveKinds.BooleanKind {
    public init(_ flag: Bool) { self.init(flag ? "true" : "false") }
    public var bool: Bool? { value.map { $0 == "true" } }
}

extension FHIRPrimitive where Kind == PrimitiveKinds.DecimalKind {
    public var double: Double? { value.flatMap(Double.init) }
}
