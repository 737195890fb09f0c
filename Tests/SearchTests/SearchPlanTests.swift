@testable import Mapping
import NativeModel
import Search
import Store
import Terminology
import Testing

/// The planner: date spans at every precision and offset, prefixes on spans, unit conversion of
/// quantities, and which arms codes and categories choose.
@Suite struct SearchPlanTests {
    let now = Instant(millisecondsSince1970: 1_794_700_800_000)  // 2026-11-15T00:00:00Z

    func milliseconds(_ text: String) throws -> Int64 {
        let date = try #require(SearchDate(text))
        return SearchDateRange(date).first
    }

    @Test func dateSpansFollowThePrecision() throws {
        let year = SearchDateRange(try #require(SearchDate("2026")))
        #expect(year.first == 1_767_225_600_000)  // 2026-01-01T00:00:00Z
        #expect(year.last == 1_798_761_600_000 - 1)  // to the end of 2026-12-31
        let month = SearchDateRange(try #require(SearchDate("2024-02")))
        #expect(month.last - month.first + 1 == 29 * 86_400_000)
        let day = SearchDateRange(try #require(SearchDate("2026-11-14")))
        #expect(day.last - day.first + 1 == 86_400_000)
        let minute = SearchDateRange(try #require(SearchDate("2026-11-14T08:30+01:00")))
        let utc = try milliseconds("2026-11-14T07:30Z")
        #expect(minute.first == utc)
        #expect(minute.last - minute.first + 1 == 60_000)
        let instant = SearchDateRange(try #require(SearchDate("2026-11-14T07:30:00.125Z")))
        #expect(instant.first == instant.last)
        #expect(SearchDateRange.days(try #require(SearchDate("1980"))) == ("1980-01-01", "1980-12-31"))
        #expect(SearchDateRange.days(try #require(SearchDate("1980-05"))) == ("1980-05-01", "1980-05-31"))
        #expect(SearchDateRange.days(try #require(SearchDate("1980-05-17T10:00Z"))) == ("1980-05-17", "1980-05-17"))
    }

    @Test func prefixesOnPeriodsCompareRanges() {
        let low = ColumnValue.integer(100), high = ColumnValue.integer(199)
        func condition(_ prefix: SearchPrefix) -> RowCondition {
            SearchDateRange.condition(prefix, first: .startTime, last: .endTime, low: low, high: high,
                                      approximately: (.integer(50), .integer(250)))
        }
        let within = RowCondition.all([.compare(.startTime, .greaterOrEqual, low), .compare(.endTime, .lessOrEqual, high)])
        #expect(condition(.eq) == within)
        #expect(condition(.ne) == .not(within))
        #expect(condition(.gt) == .compare(.endTime, .greater, high))
        #expect(condition(.lt) == .compare(.startTime, .less, low))
        #expect(condition(.ge) == .any([.compare(.endTime, .greater, high), within]))
        #expect(condition(.le) == .any([.compare(.startTime, .less, low), within]))
        #expect(condition(.sa) == .compare(.startTime, .greater, high))
        #expect(condition(.eb) == .compare(.endTime, .less, low))
        #expect(condition(.ap) == .all([.compare(.startTime, .lessOrEqual, .integer(250)),
                                        .compare(.endTime, .greaterOrEqual, .integer(50))]))
        // On an instant, ge and le are plain comparisons an index answers.
        let instant = SearchDateRange.condition(.ge, first: .startTime, last: .startTime, low: low, high: high,
                                                approximately: (low, high))
        #expect(instant == .compare(.startTime, .greaterOrEqual, low))
    }

    @Test func quantitiesAreConvertedToTheStoredUnit() throws {
        let mmol = SearchQuantity(prefix: .ge, number: 7.8, halfStep: 0.05, system: "http://unitsofmeasure.org", code: "mmol/L")
        let condition = try #require(SearchQuantityCondition(mmol, measure: .glucose)).condition
        guard case .compare(.content("value"), .greaterOrEqual, .real(let milligrams)) = condition else {
            Issue.record("unexpected \(condition)")
            return
        }
        #expect(abs(milligrams - 140.5) < 0.1, "7.8 mmol/L of glucose is about 140.5 mg/dL")
        #expect(SearchQuantityCondition(mmol, measure: .bodyWeight) == nil, "mmol/L is no weight")
        let canonical = SearchQuantity(prefix: .gt, number: 100, halfStep: 0.5, system: "http://unitsofmeasure.org",
                                       code: "mg/dL")
        #expect(SearchQuantityCondition(canonical, measure: .glucose)?.condition == .compare(.content("value"), .greater, .real(100)),
                "the stored unit needs no conversion")
        #expect(SearchQuantityCondition(mmol, measure: .bloodPressure) == nil)
        let other = SearchQuantity(prefix: .eq, number: 5, halfStep: 0.5, system: "http://example.org/units", code: "mg/dL")
        #expect(SearchQuantityCondition(other, measure: .glucose) == nil, "a unit outside UCUM is not converted")
        let hours = SearchQuantity(prefix: .eq, number: 7.5, halfStep: 0.05, system: nil, code: nil)
        let sleep = try #require(SearchQuantityCondition(hours, measure: .sleepDuration)).condition
        #expect(sleep == .all([.compare(.durationMilliseconds, .greaterOrEqual, .real(7.45 * 3_600_000)),
                               .compare(.durationMilliseconds, .less, .real(7.55 * 3_600_000))]))
    }

    @Test func codesAndCategoriesChooseTheArms() throws {
        func tags(_ pairs: [(String, String)]) throws -> [Measure] {
            let query = try SearchParser(resourceType: "Observation", lenient: false)
                .parse(pairs.map { SearchQuery.Parameter($0.0, $0.1) })
            return try ObservationSearchPlan(query, serverBase: nil, now: now).search.arms
                .compactMap { ObservationSearchPlan.measure(ofTag: $0.tag) }
        }
        #expect(try tags([]).count == ObservationSearchPlan.measures.count)
        #expect(!ObservationSearchPlan.measures.contains(.systolicBloodPressure))
        #expect(try tags([("code", "http://loinc.org|2339-0,29463-7")]) == [.glucose, .bodyWeight])
        #expect(try tags([("code", "http://snomed.info/sct|2339-0")]) == [])
        #expect(try tags([("code", "8480-6")]) == [], "a component code is not an Observation's code")
        #expect(try tags([("combo-code", "8480-6")]) == [.bloodPressure])
        #expect(try tags([("component-code", "8462-4")]) == [.bloodPressure])
        #expect(try tags([("component-code", "2339-0")]) == [])
        #expect(try tags([("category", "laboratory"), ("code", "2339-0,29463-7")]) == [.glucose])
        #expect(try tags([("_id", "act-5-steps")]) == [.steps])
        #expect(try tags([("_id", "nonsense")]) == [])
        #expect(try tags([("value-quantity", "gt100|http://unitsofmeasure.org|kg")]) == [.bodyWeight])
    }

    @Test func referencesMustNameAPatientOfThisServer() throws {
        func plan(_ value: String) throws -> ObservationSearchPlan {
            let query = try SearchParser(resourceType: "Observation", lenient: false).parse([SearchQuery.Parameter("subject", value)])
            return try ObservationSearchPlan(query, serverBase: "http://gw.example/fhir", now: now)
        }
        for accepted in ["Patient/7", "7", "http://gw.example/fhir/Patient/7"] {
            #expect(try plan(accepted).search.arms[0].conditions.last == .compare(.userID, .equal, .integer(7)), "\(accepted)")
        }
        for refused in ["Group/7", "Patient/abc", "http://elsewhere.example/fhir/Patient/7"] {
            #expect(throws: SearchError.self, "\(refused)") { try plan(refused) }
        }
    }
}
