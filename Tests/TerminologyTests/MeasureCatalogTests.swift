import Foundation
import Terminology
import Testing

@Suite struct MeasureCatalogTests {
    @Test func everyMeasureHasExactlyOneDefinition() {
        let measures = MeasureCatalog.definitions.map(\.measure)
        #expect(Set(measures) == Set(Measure.allCases))
        #expect(measures.count == Measure.allCases.count)
        for measure in Measure.allCases { #expect(MeasureCatalog.definition(of: measure).measure == measure) }
    }

    @Test func everyCodeStandsForOneMeasure() {
        let codes = MeasureCatalog.definitions.flatMap { $0.codes.map(\.code) }
        #expect(Set(codes).count == codes.count)
        for definition in MeasureCatalog.definitions {
            for concept in definition.codes {
                #expect(MeasureCatalog.definition(forLOINC: concept.code)?.measure == definition.measure, "\(concept)")
                #expect(!concept.display.isEmpty)
            }
            #expect(definition.acceptedUnits.first == definition.unit.code)
        }
        #expect(MeasureCatalog.definition(forLOINC: "8310-5") == nil, "body temperature is not mapped")
    }

    @Test(arguments: [
        ("41950-7", Measure.steps), ("55423-8", .steps), ("93832-4", .sleepDuration), ("2339-0", .glucose),
        ("15074-8", .glucose), ("2345-7", .glucose), ("1558-6", .glucose), ("4548-4", .hba1c), ("2093-3", .totalCholesterol),
        ("2085-9", .hdlCholesterol), ("13457-7", .ldlCholesterol), ("18262-6", .ldlCholesterol), ("2571-8", .triglycerides),
        ("29463-7", .bodyWeight), ("8302-2", .bodyHeight), ("39156-5", .bmi), ("8867-4", .heartRate),
        ("85354-9", .bloodPressure), ("55284-4", .bloodPressure), ("8480-6", .systolicBloodPressure),
        ("8462-4", .diastolicBloodPressure),
    ])
    func theCodesTheIssueNamesAreMapped(code: String, measure: Measure) {
        #expect(MeasureCatalog.definition(forLOINC: code)?.measure == measure)
    }

    @Test func bloodPressureIsAPanelOfSystolicAndDiastolic() {
        let panel = MeasureCatalog.definition(of: .bloodPressure)
        #expect(panel.components == [.systolicBloodPressure, .diastolicBloodPressure])
        #expect(panel.components.allSatisfy { MeasureCatalog.definition(of: $0).unit.code == "mm[Hg]" })
    }
}
