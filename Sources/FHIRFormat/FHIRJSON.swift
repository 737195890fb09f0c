public import FHIRModels

/// FHIR JSON (http://hl7.org/fhir/R4/json.html) to and from the gateway's models.
public enum FHIRJSON {
    /// The media type of FHIR JSON for R4 (http://hl7.org/fhir/R4/http.html#mime-type).
    public static let mediaType = "application/fhir+json"

    /// Reads one resource. Throws `FHIRDecodingError` with every problem found, each with its FHIRPath:
    /// malformed JSON, a missing or unknown `resourceType`, unknown elements, values of the wrong form.
    ///
    /// A Bundle is read by the direct reader as far as it can, entry by entry: the resources it cannot
    /// read (a Patient, an Observation with an extension) go through the general reader alone, not the
    /// whole Bundle. With `keepingOnly` (a lenient transaction, `Prefer: handling=lenient`), an entry
    /// whose resource is of another type is not read at all: its JSON is checked and stepped over, and
    /// it stands as a bare `.other(type:)` carrying only its type, which is all the gateway needs to skip it.
    public static func decode(_ bytes: some Collection<UInt8>, keepingOnly keptTypes: Set<String>? = nil) throws
        -> AnyResource
    {
        let direct = bytes.withContiguousStorageIfAvailable { buffer -> Result<AnyResource, FHIRDecodingError>? in
            guard let (resource, deferred) = FHIRJSONFastReader.read(buffer, keepingOnly: keptTypes) else { return nil }
            guard case .bundle(var bundle) = resource, !deferred.isEmpty else { return .success(resource) }
            var errors: [FHIRIssue] = []
            for entry in deferred {
                let path = "Bundle.entry[\(entry.index)].resource"
                do {
                    let json = try JSONParser(maximumDepth: FHIRJSONFastReader.entryResourceDepth)
                        .parse(UnsafeBufferPointer(rebasing: buffer[entry.range]))
                    let issues = IssueCollector()
                    let node = FHIRJSONReader(issues: issues).resource(json, at: path)
                    var decoded: AnyResource?
                    if let node, case .resource(let type, let children) = node.content {
                        decoded = AnyResource.decode(type: type, children, at: path, issues: issues)
                    }
                    errors += issues.issues.filter { $0.severity == .error || $0.severity == .fatal }
                    bundle.entry[entry.index].resource = decoded
                } catch {
                    return nil  // the checks differ after all: the general reader says what is wrong
                }
            }
            return errors.isEmpty ? .success(.bundle(bundle)) : .failure(FHIRDecodingError(errors))
        }
        if let direct = direct ?? nil { return try direct.get() }
        return try decodeGenerally(bytes)
    }

    /// Reads one resource through the JSON and element trees, whatever its type.
    static func decodeGenerally(_ bytes: some Collection<UInt8>) throws -> AnyResource {
        let json: JSONNode
        do {
            json = try JSONParser().parse(bytes)
        } catch let error as JSONSyntaxError {
            throw FHIRDecodingError([.error(.structure, "The body is not valid JSON: \(error)")])
        }
        return try decode(json)
    }

    /// Reads one resource from parsed JSON.
    public static func decode(_ json: JSONNode) throws -> AnyResource {
        let issues = IssueCollector()
        return try AnyResource.decode(FHIRJSONReader(issues: issues).resource(json, at: nil), issues: issues)
    }

    /// Writes a resource; `pretty` indents it for people (`_pretty=true`). Streamed from the model
    /// (`FHIRJSONStreamWriter`), or through its element tree when the model cannot be streamed.
    public static func encode(_ resource: AnyResource, pretty: Bool = false) -> [UInt8] {
        FHIRJSONStreamWriter.encode(resource, pretty: pretty) ?? encode(node: resource.node, pretty: pretty)
    }

    public static func encode<R: FHIRResource>(_ resource: R, pretty: Bool = false) -> [UInt8] {
        FHIRJSONStreamWriter.encode(type: R.resourceType, pretty: pretty) { stream in
            resource.write(to: stream)
            return true
        } ?? encode(node: resource.node, pretty: pretty)
    }

    static func encode(node: ElementNode, pretty: Bool) -> [UInt8] {
        var writer = FHIRJSONWriter(pretty: pretty)
        if case .resource(let type, let children) = node.content { writer.writeResource(type: type, children) }
        return writer.json.bytes
    }
}
