public import FHIRModels
import NativeModel
public import Store

/// An audit record as a FHIR R4 AuditEvent (http://hl7.org/fhir/R4/auditevent.html), shaped after IHE
/// Basic Audit Log Patterns (BALP, https://profiles.ihe.net/ITI/BALP/): `type` rest (or DICOM's user
/// authentication for a token request), `subtype` the restful interaction, `action` C/R/U/D/E,
/// `recorded`, `outcome` by HTTP status, an agent per party (the client application, the user) with the
/// source address on the requestor, `source` the gateway, an entity per resource touched (a Patient's with
/// role Patient) and one for the request itself (its id, duration, parameter names; never values). Built
/// as an element tree in the order of the R4 definition; the id is the record's sequence number.
public enum AuditEventMapping {
    static let restful = "http://hl7.org/fhir/restful-interaction"
    static let dicom = "http://dicom.nema.org/resources/ontology/DCM"
    static let gateway = "https://healthgateway.example.org/fhir/CodeSystem/audit-interaction"

    public static func auditEvent(_ stored: StoredAuditRecord) -> AnyResource {
        let record = stored.record
        var children: [ElementNode] = [primitive("id", String(stored.sequence))]
        if record.interaction == "token" {
            children.append(coding("type", system: dicom, code: "110114", display: "User Authentication"))
            children.append(coding("subtype", system: dicom, code: "110122", display: "Login", repeats: true))
        } else {
            children.append(coding("type", system: "http://terminology.hl7.org/CodeSystem/audit-event-type", code: "rest",
                                   display: "Restful Operation"))
            let code = restfulCode(record.interaction)
            children.append(coding("subtype", system: restful, code: code, repeats: true))
            if code != record.interaction {  // an operation's name, a native API verb
                children.append(coding("subtype", system: gateway, code: record.interaction, repeats: true))
            }
        }
        children.append(primitive("action", action(record.interaction)))
        let end = OffsetDateTime(record.recordedAt, utcOffsetMinutes: 0)
        let start = OffsetDateTime(record.recordedAt.adding(milliseconds: -(record.durationMicroseconds / 1_000)),
                                   utcOffsetMinutes: 0)
        children.append(complex("period", [primitive("start", start.description), primitive("end", end.description)]))
        children.append(primitive("recorded", end.description))
        children.append(primitive("outcome", outcome(record.status)))
        children.append(primitive("outcomeDesc", "HTTP \(record.status)"))
        children += agents(record)
        children.append(complex("source", [
            complex("observer", [primitive("display", "HealthGateway")]),
            coding("type", system: "http://terminology.hl7.org/CodeSystem/security-source-type", code: "4",
                   display: "Application Server", repeats: true),
        ]))
        children += entities(record, sequence: stored.sequence)
        return .other(type: "AuditEvent", children)
    }

    /// The restful-interaction code of an interaction: FHIR's own, operations as `operation`, native API
    /// verbs as the FHIR interaction they match.
    static func restfulCode(_ interaction: String) -> String {
        switch interaction {
        case "read", "vread", "update", "patch", "delete", "create", "search-type", "search-system", "capabilities",
             "transaction", "batch", "history-instance", "history-type", "history-system":
            return interaction
        case "native-read": return "read"
        case "native-search": return "search-type"
        case "native-create": return "create"
        case "native-update": return "update"
        case "native-patch": return "patch"
        case "native-delete": return "delete"
        case "native-history": return "history-instance"
        default: return "operation"
        }
    }

    /// BALP's action: what the interaction did to data.
    static func action(_ interaction: String) -> String {
        switch restfulCode(interaction) {
        case "create": return "C"
        case "read", "vread", "history-instance", "history-type", "history-system": return "R"
        case "update", "patch": return "U"
        case "delete": return "D"
        default: return "E"
        }
    }

    /// 0 success, 4 minor failure (the client's: 4xx), 8 serious failure (the server's: 5xx).
    static func outcome(_ status: Int) -> String {
        switch status {
        case ..<400: return "0"
        case 400..<500: return "4"
        default: return "8"
        }
    }

    /// The client application and the user, the requestor carrying the source address; one anonymous
    /// agent when the server runs without authorization.
    static func agents(_ record: AuditRecord) -> [ElementNode] {
        let network = record.source.map { complex("network", [primitive("address", $0), primitive("type", "2")]) }
        var agents: [ElementNode] = []
        if let client = record.clientID {
            let requestor = record.subject == nil || record.subject == client
            agents.append(complex("agent", [
                codeable("type", system: dicom, code: "110150", display: "Application"),
                complex("who", [identifier(system: "urn:healthgateway:oauth-client", value: client)]),
                boolean("requestor", requestor),
            ] + (requestor ? [network].compactMap { $0 } : []), repeats: true))
        }
        if let subject = record.subject, subject != record.clientID {
            var who: [ElementNode] = []
            if let fhirUser = record.fhirUser { who.append(primitive("reference", fhirUser)) }
            who.append(identifier(system: "urn:healthgateway:oauth-subject", value: subject))
            agents.append(complex("agent", [
                codeable("type", system: "http://terminology.hl7.org/CodeSystem/extra-security-role-type", code: "humanuser",
                         display: "human user"),
                complex("who", who),
                boolean("requestor", true),
            ] + [network].compactMap { $0 }, repeats: true))
        }
        if agents.isEmpty {
            agents.append(complex("agent", [
                complex("who", [primitive("display", "anonymous (the server runs without authorization)")]),
                boolean("requestor", true),
            ] + [network].compactMap { $0 }, repeats: true))
        }
        return agents
    }

    /// One entity per resource touched (Patients with role Patient), then the request itself.
    static func entities(_ record: AuditRecord, sequence: Int64) -> [ElementNode] {
        var entities: [ElementNode] = []
        var named: Set<String> = []
        let entityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
        let role = "http://terminology.hl7.org/CodeSystem/object-role"
        func entity(_ reference: String) {
            guard named.insert(reference).inserted else { return }
            let isPatient = reference.hasPrefix("Patient/")
            let what: ElementNode
            if let slash = reference.firstIndex(of: "/"), AnyResource.resourceTypes.contains(String(reference[..<slash])) {
                what = complex("what", [primitive("reference", reference)])
            } else {  // a job: `import-job/…`, `export-job/…`
                let kind = reference.split(separator: "/").first.map(String.init) ?? "job"
                let value = reference.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? reference
                what = complex("what", [identifier(system: "urn:healthgateway:\(kind)", value: value)])
            }
            entities.append(complex("entity", [
                what,
                coding("type", system: entityType, code: isPatient ? "1" : "2", display: isPatient ? "Person" : "System Object"),
                coding("role", system: role, code: isPatient ? "1" : "4", display: isPatient ? "Patient" : "Domain Resource"),
            ], repeats: true))
        }
        record.entities.forEach(entity)
        record.patients.forEach { entity("Patient/\($0)") }
        var details = [detail("request-id", record.requestID), detail("duration-microseconds", String(record.durationMicroseconds))]
        if let type = record.resourceType { details.append(detail("resource-type", type)) }
        var request: [ElementNode] = [
            complex("what", [identifier(system: "urn:healthgateway:request-id", value: record.requestID)]),
            coding("type", system: entityType, code: "2", display: "System Object"),
        ]
        if !record.parameters.isEmpty {
            request.append(coding("role", system: role, code: "24", display: "Query"))
            request.append(primitive("description", "query parameters (names only): " + record.parameters.joined(separator: ", ")))
        }
        entities.append(complex("entity", request + details, repeats: true))
        return entities
    }

    // MARK: element trees

    static func primitive(_ name: String, _ value: String, repeats: Bool = false) -> ElementNode {
        ElementNode(name: name, content: .primitive(PrimitiveContent(lexical: value, form: .string)), repeats: repeats)
    }

    static func boolean(_ name: String, _ value: Bool) -> ElementNode {
        ElementNode(name: name, content: .primitive(PrimitiveContent(lexical: value ? "true" : "false", form: .boolean)),
                    repeats: false)
    }

    static func complex(_ name: String, _ children: [ElementNode], repeats: Bool = false) -> ElementNode {
        ElementNode(name: name, content: .complex(children), repeats: repeats)
    }

    static func coding(_ name: String, system: String, code: String, display: String? = nil, repeats: Bool = false) -> ElementNode {
        complex(name, [primitive("system", system), primitive("code", code)] + (display.map { [primitive("display", $0)] } ?? []),
                repeats: repeats)
    }

    static func codeable(_ name: String, system: String, code: String, display: String) -> ElementNode {
        complex(name, [coding("coding", system: system, code: code, display: display, repeats: true)])
    }

    static func identifier(system: String, value: String) -> ElementNode {
        complex("identifier", [primitive("system", system), primitive("value", value)])
    }

    static func detail(_ type: String, _ value: String) -> ElementNode {
        complex("detail", [primitive("type", type), primitive("valueString", value)], repeats: true)
    }
}
