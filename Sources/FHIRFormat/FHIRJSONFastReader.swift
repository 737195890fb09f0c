import FHIRModels

/// A direct reader for the resources EHRs and the gateway itself write most, from JSON bytes straight
/// to the model, without the JSON and element trees of the general reader: an NDJSON import reads a
/// million Observations, a transaction posts Bundles of them.
///
/// It reads an Observation of the common elements (identifier, status, category, code, subject,
/// effectiveDateTime or effectivePeriod, valueQuantity, component), and a Bundle of such Observations
/// (id, type, entry with fullUrl, resource and request: method, url, ifNoneExist, ifMatch).
///
/// It is only a shortcut. It answers nil, and the general reader (with its located errors) takes over,
/// for anything else: another element, an extension, an escape in a string, text that is not ASCII,
/// a primitive that breaks its grammar, a duplicate or misplaced member, `resourceType` not first, a
/// missing required element, a Bundle with any other resource. For what it accepts it builds the same
/// model as the general reader (a test checks this on every sample, example and generated resource).
struct FHIRJSONFastReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// Set by `beginObject()`: the next member is the object's first (no comma before it).
    private var expectsFirstMember = false

    private struct Unsupported: Error {}

    /// The members of an object read so far, by their place in the reader's list (a set of names
    /// hashed every member of every line: 4% of an NDJSON import's CPU). `resourceType` is read before.
    private struct Members {
        private var read: UInt32 = 0

        /// Notes member `index`; a member given twice is left to the general reader, which refuses it.
        mutating func first(_ index: Int) throws {
            let bit: UInt32 = 1 << index
            guard read & bit == 0 else { throw Unsupported() }
            read |= bit
        }
    }

    static func read(_ bytes: some Collection<UInt8>) -> AnyResource? {
        let resource = bytes.withContiguousStorageIfAvailable { buffer -> AnyResource? in
            var reader = FHIRJSONFastReader(bytes: buffer)
            return try? reader.document()
        }
        return resource ?? nil
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: the resources and their elements

    /// One resource and nothing after it.
    private mutating func document() throws -> AnyResource {
        let resource = try resource(bundle: true)
        skipSpace()
        guard position == bytes.count else { throw Unsupported() }
        return resource
    }

    /// An object whose first member is `resourceType`: an Observation, or (at the top) a Bundle.
    private mutating func resource(bundle: Bool) throws -> AnyResource {
        try beginObject()
        guard try nextMember() == "resourceType" else { throw Unsupported() }
        switch try string() {
        case "Observation": return .observation(try observation())
        case "Bundle" where bundle: return .bundle(try self.bundle())
        default: throw Unsupported()
        }
    }

    /// The members of an Observation after its `resourceType`.
    private mutating func observation() throws -> Observation {
        var observation = Observation()
        var seen = Members()
        while let name = try nextMember() {
            switch name {
            case "id": try seen.first(0); observation.id = try primitive()
            case "identifier": try seen.first(1); observation.identifier = try list({ reader in try reader.identifier() })
            case "status": try seen.first(2); observation.status = try primitive()
            case "category": try seen.first(3); observation.category = try list({ reader in try reader.codeableConcept() })
            case "code": try seen.first(4); observation.code = try codeableConcept()
            case "subject": try seen.first(5); observation.subject = try reference()
            case "effectiveDateTime", "effectivePeriod":
                try seen.first(6)  // one effective[x], whichever its type
                observation.effective = name == "effectivePeriod" ? .period(try period()) : .dateTime(try primitive())
            case "valueQuantity": try seen.first(7); observation.value = .quantity(try quantity())
            case "component": try seen.first(8); observation.component = try list({ reader in try reader.component() })
            default: throw Unsupported()
            }
        }
        guard observation.status != nil, observation.code != nil else { throw Unsupported() }
        return observation
    }

    /// The members of a Bundle after its `resourceType` (http://hl7.org/fhir/R4/bundle.html).
    private mutating func bundle() throws -> Bundle {
        var bundle = Bundle()
        var seen = Members()
        while let name = try nextMember() {
            switch name {
            case "id": try seen.first(0); bundle.id = try primitive()
            case "type": try seen.first(1); bundle.type = try primitive()
            case "entry": try seen.first(2); bundle.entry = try list({ reader in try reader.entry() })
            default: throw Unsupported()
            }
        }
        guard bundle.type != nil else { throw Unsupported() }
        return bundle
    }

    private mutating func entry() throws -> BundleEntry {
        var entry = BundleEntry()
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "fullUrl": entry.fullUrl = try primitive(once: entry.fullUrl)
            case "resource":
                guard entry.resource == nil else { throw Unsupported() }
                entry.resource = try resource(bundle: false)
            case "request":
                guard entry.request == nil else { throw Unsupported() }
                entry.request = try request()
            default: throw Unsupported()
            }
        }
        return entry
    }

    private mutating func request() throws -> BundleEntryRequest {
        var request = BundleEntryRequest()
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "method": request.method = try primitive(once: request.method)
            case "url": request.url = try primitive(once: request.url)
            case "ifNoneExist": request.ifNoneExist = try primitive(once: request.ifNoneExist)
            case "ifMatch": request.ifMatch = try primitive(once: request.ifMatch)
            default: throw Unsupported()
            }
        }
        guard request.method != nil, request.url != nil else { throw Unsupported() }  // both required
        return request
    }

    private mutating func identifier() throws -> Identifier {
        var identifier = Identifier()
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "system": identifier.system = try primitive(once: identifier.system)
            case "value": identifier.value = try primitive(once: identifier.value)
            default: throw Unsupported()
            }
        }
        return identifier
    }

    private mutating func codeableConcept() throws -> CodeableConcept {
        var concept = CodeableConcept()
        var codingSeen = false
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "coding":
                guard !codingSeen else { throw Unsupported() }
                codingSeen = true
                concept.coding = try list({ reader in try reader.coding() })
            case "text": concept.text = try primitive(once: concept.text)
            default: throw Unsupported()
            }
        }
        return concept
    }

    private mutating func coding() throws -> Coding {
        var coding = Coding()
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "system": coding.system = try primitive(once: coding.system)
            case "code": coding.code = try primitive(once: coding.code)
            case "display": coding.display = try primitive(once: coding.display)
            default: throw Unsupported()
            }
        }
        return coding
    }

    private mutating func reference() throws -> Reference {
        var reference = Reference()
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "reference": reference.reference = try primitive(once: reference.reference)
            case "display": reference.display = try primitive(once: reference.display)
            default: throw Unsupported()
            }
        }
        return reference
    }

    private mutating func period() throws -> Period {
        var period = Period()
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "start": period.start = try primitive(once: period.start)
            case "end": period.end = try primitive(once: period.end)
            default: throw Unsupported()
            }
        }
        return period
    }

    private mutating func quantity() throws -> Quantity {
        var quantity = Quantity()
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "value":
                guard quantity.value == nil, let number = try number(), PrimitiveKinds.DecimalKind.isValid(number) else {
                    throw Unsupported()
                }
                quantity.value = FHIRDecimal(number)
            case "unit": quantity.unit = try primitive(once: quantity.unit)
            case "system": quantity.system = try primitive(once: quantity.system)
            case "code": quantity.code = try primitive(once: quantity.code)
            default: throw Unsupported()
            }
        }
        return quantity
    }

    private mutating func component() throws -> ObservationComponent {
        var component = ObservationComponent()
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "code":
                guard component.code == nil else { throw Unsupported() }
                component.code = try codeableConcept()
            case "valueQuantity":
                guard component.value == nil else { throw Unsupported() }
                component.value = .quantity(try quantity())
            default: throw Unsupported()
            }
        }
        guard component.code != nil else { throw Unsupported() }  // required: the general reader says so
        return component
    }

    /// A primitive that may be given once: `current` is what was read before.
    private mutating func primitive<Kind>(once current: FHIRPrimitive<Kind>?) throws -> FHIRPrimitive<Kind> {
        guard current == nil else { throw Unsupported() }
        return try primitive()
    }

    // MARK: JSON

    /// A JSON string that is a valid value of its primitive type.
    private mutating func primitive<Kind>() throws -> FHIRPrimitive<Kind> {
        let text = try string()
        guard Kind.jsonForm == .string, Kind.isValid(text) else { throw Unsupported() }
        return FHIRPrimitive(text)
    }

    /// `{`, then the members one by one with `nextMember()`; an object must not be empty.
    private mutating func beginObject() throws {
        try expect(UInt8(ascii: "{"))
        guard peek() != UInt8(ascii: "}") else { throw Unsupported() }
        expectsFirstMember = true
    }

    /// The name of the next member (its value comes next), nil at the `}` that closes the object.
    private mutating func nextMember() throws -> String? {
        if expectsFirstMember {
            expectsFirstMember = false
        } else {
            guard let next = peek() else { throw Unsupported() }
            position += 1
            if next == UInt8(ascii: "}") { return nil }
            guard next == UInt8(ascii: ",") else { throw Unsupported() }
        }
        let name = try string()
        try expect(UInt8(ascii: ":"))
        return name
    }

    /// `[ value, … ]`, not empty.
    private mutating func list<T>(_ element: (inout FHIRJSONFastReader) throws -> T) throws -> [T] {
        try expect(UInt8(ascii: "["))
        var values: [T] = []
        while true {
            values.append(try element(&self))
            guard let next = peek() else { throw Unsupported() }
            position += 1
            if next == UInt8(ascii: "]") { return values }
            guard next == UInt8(ascii: ",") else { throw Unsupported() }
        }
    }

    /// A string of printable ASCII without escapes.
    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { throw Unsupported() }
            position += 1
        }
        throw Unsupported()
    }

    /// A JSON number, as written (the general reader checks its grammar the same way).
    private mutating func number() throws -> String? {
        skipSpace()
        let start = position
        while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
        guard position > start else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// A byte a JSON number may hold (its grammar is checked afterwards, as a decimal).
    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { throw Unsupported() }
        position += 1
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipSpace() {
        while position < bytes.count,
              bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }
}
