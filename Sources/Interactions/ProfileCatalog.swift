public import FHIRModels
import FHIRFormat
import Mapping
import Terminology

/// The gateway's own conformance resources, generated from the Terminology table so they cannot
/// disagree with what the mapping does: a Patient profile, an Observation profile per mapped
/// measure (http://hl7.org/fhir/R4/profiling.html) and the ValueSet of the LOINC codes it maps.
/// `Profiles/` holds the same resources as files (`health-gateway profiles` writes them; a test
/// checks they are current), and the server serves them at `/fhir/StructureDefinition/{id}` and
/// `/fhir/ValueSet/{id}`.
public enum ProfileCatalog {
    public static let version = "0.2.0"
    static let date = "2026-11-22"
    static let publisher = "HealthGateway"

    /// Every resource, keyed by `Type/id`, in a stable order.
    public static let resources: [(address: String, resource: AnyResource)] = {
        var all: [(String, AnyResource)] = [("StructureDefinition/healthgateway-patient", patientProfile)]
        for definition in mappedDefinitions {
            all.append(("StructureDefinition/healthgateway-observation-\(definition.measure.rawValue)",
                        observationProfile(definition)))
        }
        all.append(("ValueSet/observation-codes", observationCodes))
        all.append(("OperationDefinition/\(HealthScoreOperation.name)", healthScoreDefinition))
        all.append(("OperationDefinition/\(HealthScorePopulationOperation.name)", healthScorePopulationDefinition))
        return all
    }()

    public static func resource(type: String, id: String) -> AnyResource? {
        resources.first { $0.address == "\(type)/\(id)" }?.resource
    }

    /// The measures an Observation can stand for on its own (not the blood pressure components).
    static let mappedDefinitions = MeasureCatalog.definitions.filter { !ResourceCapability.isComponent($0.measure) }

    // MARK: ValueSet

    static let observationCodes = ElementTreeBuilder.resource("ValueSet") { set in
        set.string("id", "observation-codes")
        set.string("url", FHIRSystems.canonicalBase + "/ValueSet/observation-codes")
        set.string("version", version)
        set.string("name", "HealthGatewayObservationCodes")
        set.string("title", "LOINC codes HealthGateway maps")
        set.string("status", "active")
        set.bool("experimental", false)
        set.string("date", date)
        set.string("publisher", publisher)
        set.string("description", "The LOINC codes of the Observations HealthGateway maps to its native tables: for "
            + "each measure the code it emits, then the variants EHR exports send and the gateway accepts as the same "
            + "measure. An Observation with any other code is not stored.")
        set.element("compose") { compose in
            compose.element("include", repeats: true) { include in
                include.string("system", FHIRSystems.loinc)
                for definition in MeasureCatalog.definitions {
                    for concept in definition.codes {
                        include.element("concept", repeats: true) { entry in
                            entry.string("code", concept.code)
                            entry.string("display", concept.display)
                        }
                    }
                }
            }
        }
    }
}

extension ProfileCatalog {
    /// The file form of a resource in `Profiles/`: indented FHIR JSON and a final newline.
    public static func fileBytes(_ resource: AnyResource) -> [UInt8] {
        FHIRJSON.encode(resource, pretty: true) + [UInt8(ascii: "\n")]
    }
}
