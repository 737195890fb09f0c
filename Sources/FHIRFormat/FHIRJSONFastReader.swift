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
    /// The types whose entries a Bundle keeps; the others are stepped over (`JSONSkipper`) and stand as
    /// a bare `.other(type:)`. Nil keeps every entry.
    private let keptTypes: Set<String>?
    /// The entries whose resources this reader does not read (a Patient, an Observation with an
    /// extension): their byte ranges, for the general reader.
    private(set) var deferred: [DeferredEntry] = []
    /// The index of the Bundle entry being read.
    private var entryIndex = -1

    private struct Unsupported: Error {}

    /// An entry's resource left for the general reader: `Bundle.entry[index].resource` is `bytes[range]`.
    struct DeferredEntry {
        var index: Int
        var range: Range<Int>
    }

    /// How deep a resource inside a Bundle's entry may nest, so that the whole Bundle stays within the
    /// general parser's depth (the Bundle, its `entry` array and the entry object come first).
    static let entryResourceDepth = JSONParser().maximumDepth - 3

    static func read(_ bytes: some Collection<UInt8>) -> AnyResource? {
        let resource = bytes.withContiguousStorageIfAvailable { buffer -> AnyResource? in
            guard let (resource, deferred) = read(buffer, keepingOnly: nil), deferred.isEmpty else { return nil }
            return resource
        }
        return resource ?? nil
    }

    /// The resource, with the entries of a Bundle this reader cannot read left as byte ranges; nil when
    /// it cannot read the document (the general reader then reads it all, with its located errors).
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, keepingOnly keptTypes: Set<String>?)
        -> (AnyResource, [DeferredEntry])?
    {
        var reader = FHIRJSONFastReader(bytes: buffer, keptTypes: keptTypes)
        guard let resource = try? reader.document() else { return nil }
        return (resource, reader.deferred)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, keptTypes: Set<String>?) {
        self.bytes = bytes
        self.keptTypes = keptTypes
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
        while let name = try nextMember() {
            switch name {
            case "id": observation.id = try primitive(once: observation.id)
            case "identifier": observation.identifier = try list(once: observation.identifier) { try $0.identifier() }
            case "status": observation.status = try primitive(once: observation.status)
            case "category": observation.category = try list(once: observation.category) { try $0.codeableConcept() }
            case "code": observation.code = try once(observation.code) { try $0.codeableConcept() }
            case "subject": observation.subject = try once(observation.subject) { try $0.reference() }
            case "effectiveDateTime", "effectivePeriod":  // one effective[x], whichever its type
                observation.effective = try once(observation.effective) { reader in
                    name == "effectivePeriod" ? .period(try reader.period()) : .dateTime(try reader.primitive())
                }
            case "valueQuantity": observation.value = try once(observation.value) { .quantity(try $0.quantity()) }
            case "component": observation.component = try list(once: observation.component) { try $0.component() }
            default: throw Unsupported()
            }
        }
        guard observation.status != nil, observation.code != nil else { throw Unsupported() }
        return observation
    }

    /// The members of a Bundle after its `resourceType` (http://hl7.org/fhir/R4/bundle.html).
    private mutating func bundle() throws -> Bundle {
        var bundle = Bundle()
        while let name = try nextMember() {
            switch name {
            case "id": bundle.id = try primitive(once: bundle.id)
            case "type": bundle.type = try primitive(once: bundle.type)
            case "entry": bundle.entry = try list(once: bundle.entry) { try $0.entry() }
            default: throw Unsupported()
            }
        }
        guard bundle.type != nil else { throw Unsupported() }
        return bundle
    }

    private mutating func entry() throws -> BundleEntry {
        var entry = BundleEntry()
        entryIndex += 1
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "fullUrl": entry.fullUrl = try primitive(once: entry.fullUrl)
            case "resource": entry.resource = try once(entry.resource) { try $0.entryResource() }
            case "request": entry.request = try once(entry.request) { try $0.request() }
            default: throw Unsupported()
            }
        }
        return entry
    }

    /// An entry's resource: read here when it can be; else, its JSON checked and stepped over, a bare
    /// `.other(type:)` when its type is not kept, or left for the general reader (`deferred`).
    private mutating func entryResource() throws -> AnyResource {
        skipSpace()
        let start = position
        do {
            return try resource(bundle: false)
        } catch is Unsupported {
            position = start
            let type = resourceTypeAhead()
            var skipper = JSONSkipper(bytes, at: start, maximumDepth: Self.entryResourceDepth)
            do { try skipper.skipValue() } catch { throw Unsupported() }
            position = skipper.position
            expectsFirstMember = false
            if let type, let keptTypes, !keptTypes.contains(type), AnyResource.resourceTypes.contains(type) {
                return .other(type: type, [])
            }
            deferred.append(DeferredEntry(index: entryIndex, range: start..<position))
            return .other(type: type ?? "", [])  // the general reader's resource takes its place
        }
    }

    /// The `resourceType` of the object at the position when it is the first member, without moving.
    private func resourceTypeAhead() -> String? {
        var probe = self
        guard (try? probe.beginObject()) != nil, (try? probe.nextMember()) == "resourceType" else { return nil }
        return try? probe.string()
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
        try beginObject()
        while let name = try nextMember() {
            switch name {
            case "coding": concept.coding = try list(once: concept.coding) { try $0.coding() }
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
            case "code": component.code = try once(component.code) { try $0.codeableConcept() }
            case "valueQuantity": component.value = try once(component.value) { .quantity(try $0.quantity()) }
            default: throw Unsupported()
            }
        }
        guard component.code != nil else { throw Unsupported() }  // required: the general reader says so
        return component
    }

    // A member given twice is left to the general reader, which refuses it. What was read of a member
    // so far is in the model: nil, or an empty list (`list` reads at least one element).

    /// An element that may be given once: `current` is what was read before.
    private mutating func once<T>(_ current: T?, _ read: (inout FHIRJSONFastReader) throws -> T) throws -> T {
        guard current == nil else { throw Unsupported() }
        return try read(&self)
    }

    private mutating func primitive<Kind>(once current: FHIRPrimitive<Kind>?) throws -> FHIRPrimitive<Kind> {
        try once(current) { try $0.primitive() }
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

    /// `[ value, … ]`, not empty, of a member that may be given once: `current` is what was read before.
    private mutating func list<T>(once current: [T], _ element: (inout FHIRJSONFastReader) throws -> T) throws -> [T] {
        guard current.isEmpty else { throw Unsupported() }
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
