public import FHIRModels
import Mapping
import Search

/// The CapabilityStatement of `GET /fhir/metadata` (http://hl7.org/fhir/R4/capabilitystatement.html),
/// built from `ResourceCapability.all`, the table the router dispatches by: what it lists is what
/// the server does.
public enum CapabilityStatementBuilder {
    /// - Parameter security: how the API is secured, when authorization is on (`smartSecurity`).
    public static func statement(software version: String, releaseDate: String, serverBase: String?,
                                 security: CapabilityStatementRestSecurity? = nil) -> CapabilityStatement {
        var statement = CapabilityStatement(
            id: "healthgateway",
            url: FHIRURI(FHIRSystems.canonicalBase + "/CapabilityStatement/healthgateway"),
            version: FHIRString(version), name: "HealthGateway", title: "HealthGateway FHIR R4 server",
            status: "active", experimental: FHIRBoolean(false), date: FHIRDateTime(releaseDate),
            publisher: "HealthGateway",
            description: "Patients and LOINC-coded Observations over a health tracker's native tables.",
            kind: "instance")
        statement.software = CapabilityStatementSoftware(name: "HealthGateway", version: FHIRString(version))
        statement.implementation = CapabilityStatementImplementation(
            description: "HealthGateway", url: serverBase.map { FHIRURL($0) })
        statement.fhirVersion = "4.0.1"
        statement.format = ["application/fhir+json", "json", "application/fhir+xml", "xml"]
        statement.rest = [CapabilityStatementRest(
            mode: "server",
            documentation: FHIRMarkdown("Errors are OperationOutcomes. Prefer: return=minimal|representation|OperationOutcome is "
                + "honoured on create, update and delete; elements the native tables cannot hold are reported as "
                + "warnings, never silently dropped. POST /fhir takes transaction Bundles (atomic; urn:uuid and "
                + "conditional references resolved; Prefer: handling=lenient skips entries that cannot be mapped) "
                + "and batch Bundles."),
            security: security,
            resource: ResourceCapability.all.map(resource) + [auditEvent],
            interaction: ["transaction", "batch", "history-system"].map { CapabilityStatementInteraction(code: $0) },
            operation: [OperationCapability.systemExport].map { operation in
                CapabilityStatementOperation(name: FHIRString(operation.name), definition: FHIRCanonical(operation.definition),
                                             documentation: FHIRMarkdown(operation.documentation))
            })]
        return statement
    }

    /// `rest.security` of a SMART on FHIR resource server (http://hl7.org/fhir/smart-app-launch/conformance.html):
    /// the `SMART-on-FHIR` service and, when the identity provider's endpoints are configured, the
    /// `oauth-uris` extension naming them.
    public static func smartSecurity(authorize: String?, token: String?) -> CapabilityStatementRestSecurity {
        let uris = [("authorize", authorize), ("token", token)].compactMap { name, url in
            url.map { Extension(url: name, value: ChoiceValue(FHIRURI($0))) }
        }
        let oauth = uris.isEmpty ? [] : [Extension(
            extensions: uris, url: "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")]
        return CapabilityStatementRestSecurity(
            extensions: oauth, cors: FHIRBoolean(false),
            service: [CodeableConcept(
                coding: [Coding(system: "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                code: "SMART-on-FHIR", display: "SMART-on-FHIR")],
                text: "OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)")],
            description: FHIRMarkdown("Every request but /metadata and /.well-known/smart-configuration needs an "
                + "`Authorization: Bearer` access token from the issuer that .well-known/smart-configuration names. "
                + "SMART v1 and v2 scopes (patient/, user/, system/; granular category scopes) limit what it reaches."))
    }

    /// The audit trail (`AuditEventSearch`): read and search only, for `system/AuditEvent.rs`.
    static var auditEvent: CapabilityStatementResource {
        CapabilityStatementResource(
            type: FHIRCode("AuditEvent"),
            documentation: FHIRMarkdown("The audit trail: one BALP-shaped AuditEvent per request (who, what, which resources, "
                + "the outcome; ids only), newest first. With authorization on, only a token with system/AuditEvent.rs "
                + "reads it."),
            interaction: ["read", "search-type"].map { CapabilityStatementInteraction(code: FHIRCode($0)) },
            searchParam: [
                ("date", "date", "When it was recorded: eq, ge, gt, le, lt; repeatable"),
                ("agent", "reference", "A client id, a token subject or a fhirUser reference"),
                ("entity", "reference", "A resource it touched (Patient/3, Observation/lab-9)"),
                ("patient", "reference", "A Patient whose resources it touched"),
            ].map { name, type, documentation in
                CapabilityStatementSearchParam(name: FHIRString(name),
                                               definition: FHIRCanonical("http://hl7.org/fhir/SearchParameter/AuditEvent-" + name),
                                               type: FHIRCode(type), documentation: FHIRMarkdown(documentation))
            })
    }

    static func resource(_ capability: ResourceCapability) -> CapabilityStatementResource {
        let interactions = FHIRInteraction.allCases.filter { capability.interactions.contains($0) }
        let writable = capability.interactions.contains(.create)
        return CapabilityStatementResource(
            type: FHIRCode(capability.type), profile: capability.profile.map { FHIRCanonical($0) },
            supportedProfile: capability.supportedProfiles.map { FHIRCanonical($0) },
            documentation: FHIRMarkdown(capability.documentation),
            interaction: interactions.map { CapabilityStatementInteraction(code: FHIRCode($0.rawValue)) },
            versioning: writable ? "versioned-update" : nil,
            readHistory: writable ? FHIRBoolean(capability.interactions.contains(.vread)) : nil,
            updateCreate: capability.interactions.contains(.update) ? FHIRBoolean(capability.updateCreate) : nil,
            conditionalCreate: writable ? FHIRBoolean(true) : nil,
            conditionalUpdate: writable ? FHIRBoolean(capability.type == "Patient") : nil,
            conditionalDelete: capability.interactions.contains(.delete) ? "not-supported" : nil,
            referencePolicy: writable ? ["literal", "logical", "local"] : [],
            searchInclude: capability.type == "Observation" ? ["Observation:subject", "Observation:patient"] : [],
            searchRevInclude: capability.type == "Patient" ? ["Observation:subject", "Observation:patient"] : [],
            searchParam: SearchParameters.definitions(of: capability.type).map { parameter in
                CapabilityStatementSearchParam(name: FHIRString(parameter.name), definition: FHIRCanonical(parameter.definition),
                                               type: FHIRCode(parameter.type.rawValue),
                                               documentation: FHIRMarkdown(parameter.documentation))
            },
            operation: capability.operations.map { operation in
                CapabilityStatementOperation(name: FHIRString(operation.name), definition: FHIRCanonical(operation.definition),
                                             documentation: FHIRMarkdown(operation.documentation))
            })
    }
}
