import FHIRFormat
import Mapping
import NativeModel
import Store
import Terminology

/// The Observation of a measurement row written straight as FHIR JSON: the bytes `FHIRJSON.encode` writes
/// for `ObservationMapping`'s Observation of the row (the test `ObservationJSONTests` compares them on
/// every measure, variant code, identifier and shape), without building the model first. An export writes
/// millions of them: through the model, one cost about 18 µs of CPU here, as much as everything else of
/// the export together.
enum ObservationJSON {
    /// The Observation's id and JSON; nil for an activity measure the row does not hold.
    static func encode(_ hit: MeasurementHit) -> (id: String, json: [UInt8])? {
        var json = JSONWriter(capacity: 1024)
        let id: String
        switch hit.row {
        case .activity(let row):
            guard let measure = ObservationSearchPlan.measure(ofTag: hit.tag),
                  let value = MeasureRows.value(of: measure, in: row.record) else { return nil }
            id = ObservationID.activity(row: row.id, measure).description
            let record = row.record
            begin(&json, id: id, measure: measure, row: row.meta, userID: row.userID, source: record.source,
                  externalID: record.externalID, originalCode: nil)
            effective(&json, record.span)
            quantity(&json, "valueQuantity", value, measure: measure)
        case .sleep(let row):
            id = ObservationID.sleep(row: row.id).description
            let record = row.record
            begin(&json, id: id, measure: .sleepDuration, row: row.meta, userID: row.userID, source: record.source,
                  externalID: record.externalID, originalCode: nil)
            effective(&json, record.span)
            quantity(&json, "valueQuantity", (record.sleptMinutes / 60).rounded(toPlaces: 2), measure: .sleepDuration)
        case .bloodTest(let row):
            id = ObservationID.bloodTest(row: row.id).description
            let record = row.record
            let measure = MeasureRows.measure(of: record.analyte)
            begin(&json, id: id, measure: measure, row: row.meta, userID: row.userID, source: record.source,
                  externalID: record.externalID, originalCode: record.loincCode)
            json.key("effectiveDateTime")
            json.string(record.measuredAt.description)
            quantity(&json, "valueQuantity", record.value, measure: measure)
        case .vitalSign(let row):
            id = ObservationID.vitalSign(row: row.id).description
            let record = row.record
            let measure = MeasureRows.measure(of: record.kind)
            begin(&json, id: id, measure: measure, row: row.meta, userID: row.userID, source: record.source,
                  externalID: record.externalID, originalCode: record.loincCode)
            json.key("effectiveDateTime")
            json.string(record.measuredAt.description)
            if record.kind == .bloodPressure {
                let parts = [(Measure.systolicBloodPressure, record.systolic), (Measure.diastolicBloodPressure, record.diastolic)]
                    .compactMap { measure, value in value.map { (measure, $0) } }
                if !parts.isEmpty {
                    json.key("component")
                    json.beginArray()
                    for (part, value) in parts {
                        json.beginObject()
                        code(&json, MeasureCatalog.definition(of: part), originalCode: nil)
                        quantity(&json, "valueQuantity", value, measure: part)
                        json.endObject()
                    }
                    json.endArray()
                }
            } else if let value = record.value {
                quantity(&json, "valueQuantity", value, measure: measure)
            }
        }
        json.endObject()
        return (id, json.bytes)
    }

    /// `resourceType`, `id`, `meta`, `identifier`, `status`, `category`, `code` and `subject`, as
    /// `ObservationMapping.base` sets them.
    private static func begin(_ json: inout JSONWriter, id: String, measure: Measure, row: RowMeta, userID: Int64,
                              source: String, externalID: String?, originalCode: String?) {
        let definition = MeasureCatalog.definition(of: measure)
        let system = ObservationMapping.identifierSystem(source: source)
        json.beginObject()
        json.key("resourceType")
        json.string("Observation")
        json.key("id")
        json.string(id)
        json.key("meta")
        json.beginObject()
        json.key("versionId")
        json.string(String(row.version))
        json.key("lastUpdated")
        json.string(row.updatedAt.description)
        json.key("source")
        json.string(system)
        json.key("profile")
        json.beginArray()
        json.string(FHIRSystems.observationProfile(measure.rawValue))
        if let profile = definition.profile { json.string(profile) }
        json.endArray()
        json.endObject()
        if let externalID {
            json.key("identifier")
            json.beginArray()
            json.beginObject()
            json.key("system")
            json.string(system)
            json.key("value")
            json.string(externalID)
            json.endObject()
            json.endArray()
        }
        json.key("status")
        json.string("final")
        json.key("category")
        json.beginArray()
        json.beginObject()
        json.key("coding")
        json.beginArray()
        coding(&json, system: ObservationCategory.system, code: definition.category.rawValue,
               display: definition.category.display)
        json.endArray()
        json.endObject()
        json.endArray()
        code(&json, definition, originalCode: originalCode)
        json.key("subject")
        json.beginObject()
        json.key("reference")
        json.string("Patient/\(userID)")
        json.endObject()
    }

    /// `code`: the measure's LOINC code, and the variant the row was sent with as a second coding.
    private static func code(_ json: inout JSONWriter, _ definition: MeasureDefinition, originalCode: String?) {
        json.key("code")
        json.beginObject()
        json.key("coding")
        json.beginArray()
        coding(&json, system: FHIRSystems.loinc, code: definition.code.code, display: definition.code.display)
        if let originalCode, originalCode != definition.code.code,
           let variant = definition.variants.first(where: { $0.code == originalCode }) {
            coding(&json, system: FHIRSystems.loinc, code: variant.code, display: variant.display)
        }
        json.endArray()
        json.key("text")
        json.string(definition.code.display)
        json.endObject()
    }

    private static func coding(_ json: inout JSONWriter, system: String, code: String, display: String) {
        json.beginObject()
        json.key("system")
        json.string(system)
        json.key("code")
        json.string(code)
        json.key("display")
        json.string(display)
        json.endObject()
    }

    /// `effectiveDateTime` for an instant, else `effectivePeriod`.
    private static func effective(_ json: inout JSONWriter, _ span: TimeSpan) {
        if span.durationMilliseconds == 0 {
            json.key("effectiveDateTime")
            json.string(span.start.description)
            return
        }
        json.key("effectivePeriod")
        json.beginObject()
        json.key("start")
        json.string(span.start.description)
        json.key("end")
        json.string(span.endDescription)
        json.endObject()
    }

    /// A Quantity in the measure's canonical UCUM unit.
    private static func quantity(_ json: inout JSONWriter, _ name: String, _ value: Double, measure: Measure) {
        let unit = MeasureCatalog.definition(of: measure).unit
        json.key(name)
        json.beginObject()
        json.key("value")
        json.number(value.compactDescription)
        json.key("unit")
        json.string(unit.display)
        json.key("system")
        json.string(FHIRSystems.ucum)
        json.key("code")
        json.string(unit.code)
        json.endObject()
    }
}
