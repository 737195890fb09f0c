import FHIRFormat
import FHIRModels
@testable import Interactions
import Mapping
import NativeModel
import PopulationGenerator
import Search
import Store
import StoreSQLite
import Testing

/// The export's direct writer of Observations writes the very bytes the model path writes
/// (`ObservationMapping` then `FHIRJSON.encode`), for every measure and shape the tables hold.
@Suite struct ObservationJSONTests {
    @Test func theDirectWriterWritesWhatTheModelPathWrites() async throws {
        let store = try SQLiteStore.inMemory()
        let members = Array(PopulationGenerator(seed: 3, days: 20, lastDay: PartialDate(year: 2026, month: 11, day: 19))
            .members(count: 8))
        try await PopulationLoader.load(members, into: store)
        try await store.apply(Self.unusualRows().map { .createMeasurement($0, owner: .id(1)) })

        let plan = try ObservationSearchPlan(SearchQuery(resourceType: "Observation"), serverBase: nil, now: TestGateway.now)
        var compared = 0
        var shapes = Set<String>()
        for arm in plan.search.arms {
            var position: SearchPosition?
            repeat {
                let page = try await store.searchMeasurements(MeasurementSearch(arms: [arm]),
                                                              page: SearchPageRequest(limit: 500, position: position))
                for hit in page.hits {
                    let model = FHIRInteractions<SQLiteStore>.observation(hit.item)
                    let direct = ObservationJSON.encode(hit.item)
                    #expect((model == nil) == (direct == nil))
                    guard let model, let direct else { continue }
                    #expect(direct.id == model.id?.value)
                    let expected = FHIRJSON.encode(model)
                    #expect(direct.json == expected, "\(String(decoding: direct.json, as: UTF8.self))\n  vs \(String(decoding: expected, as: UTF8.self))")
                    compared += 1
                    let codes: [String] = (model.code?.coding ?? []).map { $0.code?.value ?? "" }
                    var shape = codes.joined(separator: "+")
                    if !model.identifier.isEmpty { shape += "#id" }
                    if !model.component.isEmpty { shape += "+components" }
                    shapes.insert(shape)
                }
                position = page.hasMore ? page.hits.last?.position : nil
            } while position != nil
        }
        #expect(compared > 800)
        for shape in ["2339-0+15074-8", "2339-0+1558-6#id", "85354-9+components", "85354-9#id+components", "8867-4"] {
            #expect(shapes.contains(shape), "\(shape) in \(shapes.sorted())")
        }
    }

    /// Rows the generator does not write: variant codes, identifiers with characters JSON escapes, a
    /// source that is a URI, an instant of activity, half a blood pressure, a time asleep.
    static func unusualRows() -> [any MeasurementRecord] {
        let day = OffsetDateTime(Instant(millisecondsSince1970: 1_795_000_000_000), utcOffsetMinutes: 330)
        let molar = BloodTestRecord(measuredAt: day, analyte: .glucose, value: 97.3, fasting: false, loincCode: "15074-8")
        let fasting = BloodTestRecord(measuredAt: day, analyte: .glucose, value: 88, fasting: true, loincCode: "1558-6",
                                      source: "urn:oid:1.2.3.4", externalID: "lab \"7\"\\\n\t\u{1}é")
        let pressure = VitalSignRecord(measuredAt: day, kind: .bloodPressure, systolic: 131.5, diastolic: 84,
                                       externalID: "bp-1")
        let instant = ActivityRecord(span: TimeSpan(start: day, end: day.instant), steps: 12, energyKilocalories: 0.25,
                                     source: "watch", externalID: "w/1")
        let asleep = SleepRecord(span: TimeSpan(start: day, end: day.instant.adding(minutes: 500)), asleepMinutes: 431)
        return [molar, fasting, pressure, instant, asleep, VitalSignRecord(measuredAt: day, kind: .heartRate, value: 58)]
    }
}
