import Terminology
import Testing

@Suite struct UnitConversionTests {
    @Test(arguments: [
        (Measure.glucose, 5.5, "mmol/L", 99.0858),  // 5.5 mmol/L × 180.156 g/mol / 10
        (.glucose, 1.0, "g/L", 100.0),
        (.totalCholesterol, 5.0, "mmol/L", 193.325),
        (.triglycerides, 1.7, "mmol/L", 150.569),
        (.hba1c, 48.0, "mmol/mol", 6.54304),  // IFCC to NGSP
        (.bodyWeight, 154.0, "[lb_av]", 69.8532),
        (.bodyWeight, 72_500.0, "g", 72.5),
        (.bodyHeight, 70.0, "[in_i]", 177.8),
        (.bodyHeight, 1.78, "m", 178.0),
        (.sleepDuration, 450.0, "min", 7.5),
        (.exerciseDuration, 1.5, "h", 90.0),
        (.bloodPressure, 16.0, "kPa", 120.0099),
        (.activeEnergy, 1000.0, "kJ", 239.0057),
        (.walkingDistance, 3.0, "[mi_i]", 4828.032),
        (.steps, 8000.0, "/d", 8000.0),
        (.heartRate, 62.0, "{beats}/min", 62.0),
    ])
    func aValueInAnAcceptedUnitBecomesTheCanonicalValue(measure: Measure, value: Double, unit: String, expected: Double) throws {
        let converted = try MeasureCatalog.definition(of: measure).canonicalValue(value, unit: unit)
        #expect(abs(converted - expected) < 0.001, "\(value) \(unit) → \(converted), expected \(expected)")
    }

    @Test func everyAcceptedUnitConvertsBothWays() throws {
        for definition in MeasureCatalog.definitions {
            for unit in definition.acceptedUnits {
                let canonical = try definition.canonicalValue(42, unit: unit)
                #expect(abs(try definition.value(canonical, in: unit) - 42) < 1e-9, "\(definition.measure) \(unit)")
            }
        }
    }

    @Test func aUnitThatDoesNotFitTheMeasureIsRefusedByName() {
        #expect(throws: UnitConversionError.notAcceptable(unit: "mmol/L", measure: "8867-4 Heart rate", accepted: ["/min", "{beats}/min"])) {
            try MeasureCatalog.definition(of: .heartRate).canonicalValue(60, unit: "mmol/L")
        }
        #expect(throws: UnitConversionError.self) { try MeasureCatalog.definition(of: .bodyWeight).canonicalValue(150, unit: "lb") }
    }

    @Test func unitsOfDifferentDimensionsDoNotConvert() {
        #expect(throws: UnitConversionError.incompatible(from: "kg", to: "cm")) { try UnitConversion.convert(1, from: "kg", to: "cm") }
        #expect(throws: UnitConversionError.incompatible(from: "mmol/L", to: "mg/dL")) {
            try UnitConversion.convert(5, from: "mmol/L", to: "mg/dL")  // no molar mass given
        }
        #expect(throws: UnitConversionError.unknownUnit("furlong")) { try UnitConversion.convert(1, from: "furlong", to: "m") }
    }
}
