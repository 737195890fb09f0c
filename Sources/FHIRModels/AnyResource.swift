/// A resource of any type: the ones the gateway models, and any other R4 resource kept as it came
/// (an EHR's Bundle carries Encounters and Medications the gateway does not map).
public indirect enum AnyResource: Sendable, Hashable {
    case patient(Patient)
    case observation(Observation)
    case bundle(Bundle)
    case operationOutcome(OperationOutcome)
    case parameters(Parameters)
    case capabilityStatement(CapabilityStatement)
    /// A resource of another R4 type: its type and its elements, unread.
    case other(type: String, [ElementNode])

    public var resourceType: String {
        switch self {
        case .patient: return Patient.resourceType
        case .observation: return Observation.resourceType
        case .bundle: return Bundle.resourceType
        case .operationOutcome: return OperationOutcome.resourceType
        case .parameters: return Parameters.resourceType
        case .capabilityStatement: return CapabilityStatement.resourceType
        case .other(let type, _): return type
        }
    }

    /// The resource as an element tree, ready for a codec.
    public var node: ElementNode {
        switch self {
        case .patient(let resource): return resource.node
        case .observation(let resource): return resource.node
        case .bundle(let resource): return resource.node
        case .operationOutcome(let resource): return resource.node
        case .parameters(let resource): return resource.node
        case .capabilityStatement(let resource): return resource.node
        case .other(let type, let children): return ElementNode(name: type, content: .resource(type: type, children))
        }
    }

    /// Reads a resource of the type its node names, recording problems in `issues`; nil when the
    /// type is not an R4 resource type.
    public static func decode(type: String, _ children: [ElementNode], at path: String, issues: IssueCollector)
        -> AnyResource?
    {
        func read<R: FHIRResource>(_: R.Type) -> R {
            var reader = ElementReader(children: children, path: path, spec: R.elements, issues: issues)
            return R(from: &reader)
        }
        switch type {
        case Patient.resourceType: return .patient(read(Patient.self))
        case Observation.resourceType: return .observation(read(Observation.self))
        case Bundle.resourceType: return .bundle(read(Bundle.self))
        case OperationOutcome.resourceType: return .operationOutcome(read(OperationOutcome.self))
        case Parameters.resourceType: return .parameters(read(Parameters.self))
        case CapabilityStatement.resourceType: return .capabilityStatement(read(CapabilityStatement.self))
        default:
            guard resourceTypes.contains(type) else {
                issues.add(.error(.structure, "'\(type)' is not a FHIR R4 resource type", at: path))
                return nil
            }
            return .other(type: type, children)
        }
    }

    /// Reads the resource a codec read into `node` (nil when it could not), adding to the codec's
    /// `issues`; throws every error found, the codec's and the model's.
    public static func decode(_ node: ElementNode?, issues: IssueCollector) throws -> AnyResource {
        var resource: AnyResource?
        if let node, case .resource(let type, let children) = node.content {
            resource = decode(type: type, children, at: type, issues: issues)
        }
        let errors = issues.issues.filter { $0.severity == .error || $0.severity == .fatal }
        guard let resource, errors.isEmpty else {
            throw FHIRDecodingError(errors.isEmpty ? [.error(.structure, "The body is not a resource")] : errors)
        }
        return resource
    }

    /// The 146 concrete resource types of FHIR R4, from the core StructureDefinitions.
    public static let resourceTypes: Set<String> = [
        "Account", "ActivityDefinition", "AdverseEvent", "AllergyIntolerance", "Appointment", "AppointmentResponse",
        "AuditEvent", "Basic", "Binary", "BiologicallyDerivedProduct", "BodyStructure", "Bundle",
        "CapabilityStatement", "CarePlan", "CareTeam", "CatalogEntry", "ChargeItem", "ChargeItemDefinition",
        "Claim", "ClaimResponse", "ClinicalImpression", "CodeSystem", "Communication", "CommunicationRequest",
        "CompartmentDefinition", "Composition", "ConceptMap", "Condition", "Consent", "Contract", "Coverage",
        "CoverageEligibilityRequest", "CoverageEligibilityResponse", "DetectedIssue", "Device", "DeviceDefinition",
        "DeviceMetric", "DeviceRequest", "DeviceUseStatement", "DiagnosticReport", "DocumentManifest",
        "DocumentReference", "EffectEvidenceSynthesis", "Encounter", "Endpoint", "EnrollmentRequest",
        "EnrollmentResponse", "EpisodeOfCare", "EventDefinition", "Evidence", "EvidenceVariable", "ExampleScenario",
        "ExplanationOfBenefit", "FamilyMemberHistory", "Flag", "Goal", "GraphDefinition", "Group",
        "GuidanceResponse", "HealthcareService", "ImagingStudy", "Immunization", "ImmunizationEvaluation",
        "ImmunizationRecommendation", "ImplementationGuide", "InsurancePlan", "Invoice", "Library", "Linkage",
        "List", "Location", "Measure", "MeasureReport", "Media", "Medication", "MedicationAdministration",
        "MedicationDispense", "MedicationKnowledge", "MedicationRequest", "MedicationStatement", "MedicinalProduct",
        "MedicinalProductAuthorization", "MedicinalProductContraindication", "MedicinalProductIndication",
        "MedicinalProductIngredient", "MedicinalProductInteraction", "MedicinalProductManufactured",
        "MedicinalProductPackaged", "MedicinalProductPharmaceutical", "MedicinalProductUndesirableEffect",
        "MessageDefinition", "MessageHeader", "MolecularSequence", "NamingSystem", "NutritionOrder", "Observation",
        "ObservationDefinition", "OperationDefinition", "OperationOutcome", "Organization",
        "OrganizationAffiliation", "Parameters", "Patient", "PaymentNotice", "PaymentReconciliation", "Person",
        "PlanDefinition", "Practitioner", "PractitionerRole", "Procedure", "Provenance", "Questionnaire",
        "QuestionnaireResponse", "RelatedPerson", "RequestGroup", "ResearchDefinition", "ResearchElementDefinition",
        "ResearchStudy", "ResearchSubject", "RiskAssessment", "RiskEvidenceSynthesis", "Schedule",
        "SearchParameter", "ServiceRequest", "Slot", "Specimen", "SpecimenDefinition", "StructureDefinition",
        "StructureMap", "Subscription", "Substance", "SubstanceNucleicAcid", "SubstancePolymer", "SubstanceProtein",
        "SubstanceReferenceInformation", "SubstanceSourceMaterial", "SubstanceSpecification", "SupplyDelivery",
        "SupplyRequest", "Task", "TerminologyCapabilities", "TestReport", "TestScript", "ValueSet",
        "VerificationResult", "VisionPrescription",
    ]
}
