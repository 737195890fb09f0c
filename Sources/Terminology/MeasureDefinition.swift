/// How FHIR names one measure: its LOINC code, the variants EHRs send instead, its category, its
/// canonical UCUM unit (the unit the native tables store and the gateway emits) and the units it accepts.
public struct MeasureDefinition: Sendable, Hashable {
    public var measure: Measure
    /// The code the gateway emits.
    public var code: LOINCConcept
    /// Other codes that mean the same value (another method, specimen or unit kind), accepted on input.
    public var variants: [LOINCConcept]
    public var category: ObservationCategory
    /// The canonical unit: what is stored and emitted.
    public var unit: UCUMUnit
    /// Units accepted on input and converted to `unit`; `unit` is always among them.
    public var acceptedUnits: [String]
    /// For substance concentrations: grams per mole, to convert mmol/L to mg/dL.
    public var molarMass: Double?
    /// For panels (blood pressure): the measures of the components.
    public var components: [Measure]
    /// The R4 vital-signs profile the Observation conforms to, if any.
    public var profile: String?
    /// Whether the code fixes the unit in practice, so a value sent without any unit is read in `unit`
    /// (with a warning): blood pressures are mm[Hg], heart rates per minute, BMI kg/m2, steps a count
    /// (the units the R4 vital-signs profiles require, http://hl7.org/fhir/R4/observation-vitalsigns.html).
    /// Where real data uses several units for the code (weight in kg or [lb_av], glucose in mg/dL or
    /// mmol/L), a value without a unit cannot be read and stays an error.
    public var unitImpliedByCode: Bool

    public init(
        _ measure: Measure, code: LOINCConcept, variants: [LOINCConcept] = [], category: ObservationCategory,
        unit: UCUMUnit, acceptedUnits: [String] = [], molarMass: Double? = nil, components: [Measure] = [],
        profile: String? = nil, unitImpliedByCode: Bool = false
    ) {
        self.measure = measure
        self.code = code
        self.variants = variants
        self.category = category
        self.unit = unit
        self.acceptedUnits = [unit.code] + acceptedUnits.filter { $0 != unit.code }
        self.molarMass = molarMass
        self.components = components
        self.profile = profile
        self.unitImpliedByCode = unitImpliedByCode
    }

    /// Every code that stands for this measure, the emitted one first.
    public var codes: [LOINCConcept] { [code] + variants }

    /// `value` in `unit` converted to the canonical unit; throws when the unit does not fit the measure.
    public func canonicalValue(_ value: Double, unit code: String) throws -> Double {
        try requireAccepted(code)
        return try UnitConversion.convert(value, from: code, to: unit.code, molarMass: molarMass)
    }

    /// `value` in the canonical unit expressed in `unit`, for search values and reports in another unit.
    public func value(_ canonical: Double, in code: String) throws -> Double {
        try requireAccepted(code)
        return try UnitConversion.convert(canonical, from: unit.code, to: code, molarMass: molarMass)
    }

    private func requireAccepted(_ code: String) throws {
        guard acceptedUnits.contains(code) else {
            throw UnitConversionError.notAcceptable(unit: code, measure: self.code.description, accepted: acceptedUnits)
        }
    }
}
