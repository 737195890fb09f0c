/// Conversions between the UCUM units EHRs send for the gateway's measures.
///
/// Each unit belongs to one dimension with a factor to that dimension's base unit, so any two units
/// of a dimension convert by a ratio of factors. Two conversions need more: substance to mass
/// concentration (mmol/L to mg/dL) needs the analyte's molar mass, and HbA1c from IFCC (mmol/mol) to
/// NGSP (%) is the affine master equation `% = 0.09148 × mmol/mol + 2.152`.
public enum UnitConversion {
    enum Dimension: Hashable {
        case count, mass, length, time, energy, pressure, frequency, massConcentration, substanceConcentration,
             massPerArea, hemoglobinFraction
    }

    /// UCUM code → (dimension, factor to the dimension's base unit).
    static let units: [String: (Dimension, Double)] = [
        "{steps}": (.count, 1), "{step}": (.count, 1), "1": (.count, 1), "/d": (.count, 1), "/(24.h)": (.count, 1),
        "{steps}/d": (.count, 1),
        "kg": (.mass, 1), "g": (.mass, 0.001), "[lb_av]": (.mass, 0.453_592_37), "[oz_av]": (.mass, 0.028_349_523_125),
        "m": (.length, 1), "cm": (.length, 0.01), "mm": (.length, 0.001), "km": (.length, 1000),
        "[in_i]": (.length, 0.0254), "[ft_i]": (.length, 0.3048), "[mi_i]": (.length, 1609.344),
        "s": (.time, 1), "min": (.time, 60), "h": (.time, 3600),
        "kcal": (.energy, 1), "[Cal]": (.energy, 1), "kJ": (.energy, 1 / 4.184),
        "mm[Hg]": (.pressure, 1), "kPa": (.pressure, 7.500_615_75),
        "/min": (.frequency, 1), "{beats}/min": (.frequency, 1), "/s": (.frequency, 60),
        "mg/dL": (.massConcentration, 1), "g/L": (.massConcentration, 100), "mg/L": (.massConcentration, 0.1),
        "mmol/L": (.substanceConcentration, 1), "umol/L": (.substanceConcentration, 0.001),
        "kg/m2": (.massPerArea, 1),
        "%": (.hemoglobinFraction, 1), "mmol/mol": (.hemoglobinFraction, 1),
    ]

    /// Converts `value` from one UCUM unit to another.
    public static func convert(_ value: Double, from source: String, to target: String, molarMass: Double? = nil) throws
        -> Double
    {
        if source == target { return value }
        guard let (sourceDimension, sourceFactor) = units[source] else { throw UnitConversionError.unknownUnit(source) }
        guard let (targetDimension, targetFactor) = units[target] else { throw UnitConversionError.unknownUnit(target) }
        switch (sourceDimension, targetDimension) {
        case (.hemoglobinFraction, .hemoglobinFraction):
            return source == "mmol/mol" ? 0.091_48 * value + 2.152 : (value - 2.152) / 0.091_48
        case (.substanceConcentration, .massConcentration), (.massConcentration, .substanceConcentration):
            guard let molarMass else { throw UnitConversionError.incompatible(from: source, to: target) }
            // mg/dL = mmol/L × (g/mol) / 10
            let milligramsPerDeciliterPerMillimolePerLiter = molarMass / 10
            if sourceDimension == .substanceConcentration {
                return value * sourceFactor * milligramsPerDeciliterPerMillimolePerLiter / targetFactor
            }
            return value * sourceFactor / milligramsPerDeciliterPerMillimolePerLiter / targetFactor
        default:
            guard sourceDimension == targetDimension else { throw UnitConversionError.incompatible(from: source, to: target) }
            return value * sourceFactor / targetFactor
        }
    }
}

/// A unit that cannot be used where it was sent.
public enum UnitConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownUnit(String)
    case incompatible(from: String, to: String)
    case notAcceptable(unit: String, measure: String, accepted: [String])

    public var description: String {
        switch self {
        case .unknownUnit(let unit): return "'\(unit)' is not a UCUM unit the gateway converts"
        case .incompatible(let from, let to): return "'\(from)' cannot be converted to '\(to)'"
        case .notAcceptable(let unit, let measure, let accepted):
            return "unit '\(unit)' does not fit \(measure); send one of: \(accepted.joined(separator: ", "))"
        }
    }
}
