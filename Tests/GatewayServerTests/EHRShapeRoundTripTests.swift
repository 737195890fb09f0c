import Foundation
import Hummingbird
import HummingbirdTesting
import Terminology
import Testing

/// Every shape the Terminology table of the README accepts (each code of a measure, its variants
/// included, in each accepted unit: weight in grams, height in metres, glucose as 15074-8 in mmol/L, …)
/// goes the whole way (issue 21): created, read back in the canonical unit, found by a value search in
/// the unit it came in, and read by `$stats` (by the code it came with) from the same series the health
/// score reads.
@Suite struct EHRShapeRoundTripTests {
    /// A typical value of each measure, in its canonical unit.
    static let typical: [Measure: Double] = [
        .steps: 8_000, .walkingDistance: 6_000, .activeEnergy: 400, .exerciseDuration: 45, .sleepDuration: 7.5,
        .glucose: 95, .hba1c: 5.6, .totalCholesterol: 190, .hdlCholesterol: 55, .ldlCholesterol: 110,
        .triglycerides: 140, .bodyWeight: 72, .bodyHeight: 172, .bmi: 24.3, .heartRate: 64,
    ]

    struct Shape: CustomStringConvertible, Sendable {
        var measure: Measure
        var code: String
        var unit: String
        var description: String { "\(code) in \(unit)" }
    }

    static let shapes: [Shape] = MeasureCatalog.definitions.flatMap { definition -> [Shape] in
        guard typical[definition.measure] != nil else { return [] }
        return definition.codes.flatMap { code in definition.acceptedUnits.map { Shape(measure: definition.measure, code: code.code, unit: $0) } }
    }

    static func body(_ shape: Shape, value: Double, patient: String) -> String {
        let category = MeasureCatalog.definition(of: shape.measure).category
        let effective = category == .activity
            ? #""effectivePeriod":{"start":"2026-11-03T00:00:00+01:00","end":"2026-11-04T00:00:00+01:00"}"#
            : #""effectiveDateTime":"2026-11-03T08:00:00+01:00""#
        return #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"\#(shape.code)"}]},"subject":{"reference":"Patient/\#(patient)"},\#(effective),"valueQuantity":{"value":\#(value),"unit":"\#(shape.unit)","system":"http://unitsofmeasure.org","code":"\#(shape.unit)"}}"#
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-"))) ?? text
    }

    @Test func thereIsAShapeForEveryCodeAndUnitOfTheTable() {
        #expect(Self.shapes.count > 60)
        #expect(Self.shapes.contains { $0.code == "15074-8" && $0.unit == "mmol/L" })
        #expect(Self.shapes.contains { $0.code == "29463-7" && $0.unit == "g" })
        #expect(Self.shapes.contains { $0.code == "8302-2" && $0.unit == "m" })
    }

    @Test(arguments: Self.shapes)
    func aShapeGoesTheWholeWay(_ shape: Shape) async throws {
        let definition = MeasureCatalog.definition(of: shape.measure)
        let canonical = try #require(Self.typical[shape.measure])
        let sent = (try definition.value(canonical, in: shape.unit) * 10_000).rounded() / 10_000
        let expected = try definition.canonicalValue(sent, unit: shape.unit)
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let created = try await client.fhir(.post, "Observation", body: Self.body(shape, value: sent, patient: patient))
            #expect(created.status == .created, "\(created.bodyText)")
            let id = try #require(created.json["id"] as? String)
            let read = try await client.fhir(.get, "Observation/\(id)")
            let quantity = try #require(read.json["valueQuantity"] as? [String: Any])
            let stored = try #require(quantity["value"] as? Double)
            #expect(abs(stored - expected) <= max(0.011, abs(expected) * 0.001), "read back \(stored), expected \(expected)")
            #expect(quantity["code"] as? String == definition.unit.code)

            let low = (sent * 0.99 * 10_000).rounded(.down) / 10_000, high = (sent * 1.01 * 10_000).rounded(.up) / 10_000
            let unit = Self.encoded("|http://unitsofmeasure.org|\(shape.unit)")
            // By the code the Observation carries now: the emitted one (an activity row keeps no variant code).
            let search = "Observation?patient=\(patient)&code=\(definition.code.code)&value-quantity=ge\(low)\(unit)"
                + "&value-quantity=le\(high)\(unit)&_total=accurate"
            let found = try await client.fhir(.get, search)
            #expect(found.json["total"] as? Int == 1, "\(search): \(found.bodyText)")

            let stats = try await client.fhir(.get, "Observation/$stats?subject=Patient/\(patient)&code=http://loinc.org|\(shape.code)"
                + "&statistic=average&period=2026-11-01/2026-11-30")
            let component = ((stats.json["parameter"] as? [[String: Any]])?.first?["resource"] as? [String: Any])?["component"]
                as? [[String: Any]]
            let average = (component?.first?["valueQuantity"] as? [String: Any])?["value"] as? Double
            #expect(average.map { abs($0 - stored) <= 0.011 } == true, "$stats: \(stats.bodyText)")
        }
    }
}
