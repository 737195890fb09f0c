import Foundation
import Terminology
import Testing

/// The vital-signs measures agree with the official R4 vital-signs profiles
/// (copies in Tests/Fixtures/fhir-r4-core): same LOINC code, category and UCUM unit.
@Suite struct VitalSignsProfileTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fhir-r4-core")

    /// Every `fixed*` and `pattern*` value of a profile's snapshot, by element id.
    static func fixedValues(_ file: String) throws -> [String: String] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(file))
        let definition = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let snapshot = try #require(definition["snapshot"] as? [String: Any])
        let elements = try #require(snapshot["element"] as? [[String: Any]])
        var values: [String: String] = [:]
        for element in elements {
            guard let id = element["id"] as? String else { continue }
            for (key, value) in element where key.hasPrefix("fixed") || key.hasPrefix("pattern") {
                if let text = value as? String { values[id] = text }
            }
        }
        return values
    }

    @Test(arguments: [
        (Measure.bodyWeight, "StructureDefinition-bodyweight.json", "BodyWeightCode"),
        (.bodyHeight, "StructureDefinition-bodyheight.json", "BodyHeightCode"),
        (.bmi, "StructureDefinition-bmi.json", "BMICode"),
        (.heartRate, "StructureDefinition-heartrate.json", "HeartRateCode"),
        (.bloodPressure, "StructureDefinition-bp.json", "BPCode"),
    ])
    func aVitalSignHasItsProfilesCodeCategoryAndUnit(measure: Measure, file: String, slice: String) throws {
        let fixed = try Self.fixedValues(file)
        let definition = MeasureCatalog.definition(of: measure)
        #expect(fixed["Observation.code.coding:\(slice).code"] == definition.code.code)
        #expect(fixed["Observation.code.coding:\(slice).system"] == "http://loinc.org")
        #expect(fixed["Observation.category:VSCat.coding.code"] == definition.category.rawValue)
        #expect(fixed["Observation.category:VSCat.coding.system"] == ObservationCategory.system)
        if let unit = fixed["Observation.value[x]:valueQuantity.code"] { #expect(unit == definition.unit.code) }
        #expect(definition.profile == "http://hl7.org/fhir/StructureDefinition/" + file.dropFirst("StructureDefinition-".count).dropLast(5))
    }

    @Test func bloodPressureComponentsHaveTheProfilesCodesAndUnits() throws {
        let fixed = try Self.fixedValues("StructureDefinition-bp.json")
        let systolic = MeasureCatalog.definition(of: .systolicBloodPressure)
        let diastolic = MeasureCatalog.definition(of: .diastolicBloodPressure)
        #expect(fixed["Observation.component:SystolicBP.code.coding:SBPCode.code"] == systolic.code.code)
        #expect(fixed["Observation.component:DiastolicBP.code.coding:DBPCode.code"] == diastolic.code.code)
        #expect(fixed["Observation.component:SystolicBP.value[x].code"] == systolic.unit.code)
        #expect(fixed["Observation.component:DiastolicBP.value[x].code"] == diastolic.unit.code)
    }

    @Test(arguments: [(Measure.bodyWeight, "ValueSet-ucum-bodyweight.json"), (.bodyHeight, "ValueSet-ucum-bodylength.json")])
    func theUnitsTheProfilesAllowAreAccepted(measure: Measure, file: String) throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent(file))
        let valueSet = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let compose = try #require(valueSet["compose"] as? [String: Any])
        let includes = try #require(compose["include"] as? [[String: Any]])
        let codes = includes.flatMap { ($0["concept"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String } }
        #expect(!codes.isEmpty)
        let accepted = Set(MeasureCatalog.definition(of: measure).acceptedUnits)
        #expect(Set(codes).isSubset(of: accepted), "\(codes) ⊄ \(accepted)")
    }
}
