/// The LOINC table of what the gateway maps: one definition per measure, with the variant codes real
/// EHR exports use (http://hl7.org/fhir/R4/observation-vitalsigns.html for the vital signs).
public enum MeasureCatalog {
    static let vitalSignsProfile = "http://hl7.org/fhir/StructureDefinition/"

    public static let definitions: [MeasureDefinition] = [
        MeasureDefinition(.steps, code: LOINCConcept("41950-7", "Number of steps in 24 hour Measured"),
                          variants: [LOINCConcept("55423-8", "Number of steps in unspecified time Pedometer")],
                          category: .activity, unit: UCUMUnit("{steps}", display: "steps"),
                          acceptedUnits: ["{step}", "1", "/d", "/(24.h)", "{steps}/d"], unitImpliedByCode: true),
        MeasureDefinition(.walkingDistance, code: LOINCConcept("41953-1", "Walking distance 24 hour Calculated"),
                          variants: [LOINCConcept("55430-3", "Walking distance unspecified time Pedometer")],
                          category: .activity, unit: UCUMUnit("m", display: "m"),
                          acceptedUnits: ["km", "[mi_i]", "[ft_i]"]),
        MeasureDefinition(.activeEnergy, code: LOINCConcept("41981-2", "Calories burned"),
                          variants: [LOINCConcept("55424-6", "Calories burned in unspecified time Pedometer")],
                          category: .activity, unit: UCUMUnit("kcal", display: "kcal"), acceptedUnits: ["[Cal]", "kJ"]),
        MeasureDefinition(.exerciseDuration, code: LOINCConcept("55411-3", "Exercise duration"), category: .activity,
                          unit: UCUMUnit("min", display: "min"), acceptedUnits: ["h", "s"]),
        MeasureDefinition(.sleepDuration, code: LOINCConcept("93832-4", "Sleep duration"), category: .activity,
                          unit: UCUMUnit("h", display: "h"), acceptedUnits: ["min", "s"]),
        MeasureDefinition(.glucose, code: LOINCConcept("2339-0", "Glucose [Mass/volume] in Blood"),
                          variants: [
                              LOINCConcept("2345-7", "Glucose [Mass/volume] in Serum or Plasma"),
                              LOINCConcept("1558-6", "Fasting glucose [Mass/volume] in Serum or Plasma"),
                              LOINCConcept("15074-8", "Glucose [Moles/volume] in Blood"),
                          ],
                          category: .laboratory, unit: UCUMUnit("mg/dL", display: "mg/dL"),
                          acceptedUnits: ["mmol/L", "g/L", "mg/L"], molarMass: 180.156),
        MeasureDefinition(.hba1c, code: LOINCConcept("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"),
                          variants: [
                              LOINCConcept("17856-6", "Hemoglobin A1c/Hemoglobin.total in Blood by HPLC"),
                              LOINCConcept("59261-8", "Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol"),
                          ],
                          category: .laboratory, unit: UCUMUnit("%", display: "%"), acceptedUnits: ["mmol/mol"]),
        MeasureDefinition(.totalCholesterol, code: LOINCConcept("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma"),
                          variants: [LOINCConcept("14647-2", "Cholesterol [Moles/volume] in Serum or Plasma")],
                          category: .laboratory, unit: UCUMUnit("mg/dL", display: "mg/dL"),
                          acceptedUnits: ["mmol/L", "g/L"], molarMass: 386.65),
        MeasureDefinition(.hdlCholesterol,
                          code: LOINCConcept("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma"),
                          variants: [LOINCConcept("14646-4", "Cholesterol in HDL [Moles/volume] in Serum or Plasma")],
                          category: .laboratory, unit: UCUMUnit("mg/dL", display: "mg/dL"),
                          acceptedUnits: ["mmol/L", "g/L"], molarMass: 386.65),
        MeasureDefinition(.ldlCholesterol,
                          code: LOINCConcept("13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation"),
                          variants: [
                              LOINCConcept("18262-6", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay"),
                              LOINCConcept("2089-1", "Cholesterol in LDL [Mass/volume] in Serum or Plasma"),
                              LOINCConcept("22748-8", "Cholesterol in LDL [Moles/volume] in Serum or Plasma"),
                          ],
                          category: .laboratory, unit: UCUMUnit("mg/dL", display: "mg/dL"),
                          acceptedUnits: ["mmol/L", "g/L"], molarMass: 386.65),
        MeasureDefinition(.triglycerides, code: LOINCConcept("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma"),
                          variants: [LOINCConcept("14927-8", "Triglyceride [Moles/volume] in Serum or Plasma")],
                          category: .laboratory, unit: UCUMUnit("mg/dL", display: "mg/dL"),
                          acceptedUnits: ["mmol/L", "g/L"], molarMass: 885.7),
        MeasureDefinition(.bodyWeight, code: LOINCConcept("29463-7", "Body weight"),
                          variants: [LOINCConcept("3141-9", "Body weight Measured")],
                          category: .vitalSigns, unit: UCUMUnit("kg", display: "kg"), acceptedUnits: ["g", "[lb_av]"],
                          profile: vitalSignsProfile + "bodyweight"),
        MeasureDefinition(.bodyHeight, code: LOINCConcept("8302-2", "Body height"),
                          variants: [LOINCConcept("3137-7", "Body height Measured")],
                          category: .vitalSigns, unit: UCUMUnit("cm", display: "cm"), acceptedUnits: ["[in_i]", "m"],
                          profile: vitalSignsProfile + "bodyheight"),
        MeasureDefinition(.bmi, code: LOINCConcept("39156-5", "Body mass index (BMI) [Ratio]"), category: .vitalSigns,
                          unit: UCUMUnit("kg/m2", display: "kg/m2"), profile: vitalSignsProfile + "bmi", unitImpliedByCode: true),
        MeasureDefinition(.heartRate, code: LOINCConcept("8867-4", "Heart rate"), category: .vitalSigns,
                          unit: UCUMUnit("/min", display: "beats/minute"), acceptedUnits: ["{beats}/min"],
                          profile: vitalSignsProfile + "heartrate", unitImpliedByCode: true),
        MeasureDefinition(.bloodPressure, code: LOINCConcept("85354-9", "Blood pressure panel with all children optional"),
                          variants: [LOINCConcept("55284-4", "Blood pressure systolic and diastolic")],
                          category: .vitalSigns, unit: UCUMUnit("mm[Hg]", display: "mmHg"), acceptedUnits: ["kPa"],
                          components: [.systolicBloodPressure, .diastolicBloodPressure], profile: vitalSignsProfile + "bp"),
        MeasureDefinition(.systolicBloodPressure, code: LOINCConcept("8480-6", "Systolic blood pressure"),
                          category: .vitalSigns, unit: UCUMUnit("mm[Hg]", display: "mmHg"), acceptedUnits: ["kPa"],
                          unitImpliedByCode: true),
        MeasureDefinition(.diastolicBloodPressure, code: LOINCConcept("8462-4", "Diastolic blood pressure"),
                          category: .vitalSigns, unit: UCUMUnit("mm[Hg]", display: "mmHg"), acceptedUnits: ["kPa"],
                          unitImpliedByCode: true),
    ]

    private static let byMeasure = Dictionary(uniqueKeysWithValues: definitions.map { ($0.measure, $0) })
    private static let byCode = Dictionary(uniqueKeysWithValues: definitions.flatMap { definition in
        definition.codes.map { ($0.code, definition) }
    })

    public static func definition(of measure: Measure) -> MeasureDefinition {
        guard let definition = byMeasure[measure] else {
            preconditionFailure("MeasureCatalog has no definition of \(measure)")  // a test checks every case has one
        }
        return definition
    }

    /// The definition a LOINC code (the emitted one or a variant) stands for; nil for a code the gateway does not map.
    public static func definition(forLOINC code: String) -> MeasureDefinition? { byCode[code] }
}
