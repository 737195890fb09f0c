import NativeModel
import Search
import Store
import Terminology

/// A `value-quantity` value as a condition on the column a measure keeps its value in
/// (http://hl7.org/fhir/R4/search.html#quantity). A UCUM unit is converted to the measure's canonical
/// unit first, so `ge7.8|http://unitsofmeasure.org|mmol/L` on glucose compares with 140.5 mg/dL.
struct SearchQuantityCondition {
    var condition: RowCondition

    /// Nil when no Observation of `measure` can match: a unit it cannot be converted to, or a measure
    /// without a value of its own (the blood-pressure panel).
    init?(_ quantity: SearchQuantity, measure: Measure) {
        let definition = MeasureCatalog.definition(of: measure)
        var number = quantity.number
        var halfStep = quantity.halfStep
        if quantity.code != nil, let system = quantity.system, system != FHIRSystems.ucum { return nil }
        if let code = quantity.code, code != definition.unit.code {
            guard let converted = try? definition.canonicalValue(number, unit: code),
                  let step = try? definition.canonicalValue(number + halfStep, unit: code)
            else { return nil }
            (number, halfStep) = (converted, abs(step - converted))
        }
        let column: RowColumn
        var scale = 1.0
        switch ObservationSearchPlan.table(of: measure) {
        case .physicalActivity:
            guard let name = ObservationSearchPlan.activityColumn(measure) else { return nil }
            column = .content(name)
        case .sleep:
            column = .durationMilliseconds
            scale = 3_600_000  // hours → milliseconds
        default:
            guard measure != .bloodPressure else { return nil }
            column = .content("value")
        }
        let value = ColumnValue.real(number * scale)
        let low = ColumnValue.real((number - halfStep) * scale)
        let high = ColumnValue.real((number + halfStep) * scale)
        switch quantity.prefix {
        case .eq: condition = .all([.compare(column, .greaterOrEqual, low), .compare(column, .less, high)])
        case .ne: condition = .not(.all([.compare(column, .greaterOrEqual, low), .compare(column, .less, high)]))
        case .gt, .sa: condition = .compare(column, .greater, value)
        case .lt, .eb: condition = .compare(column, .less, value)
        case .ge: condition = .compare(column, .greaterOrEqual, value)
        case .le: condition = .compare(column, .lessOrEqual, value)
        case .ap:
            let margin = abs(number) * 0.1 * scale
            condition = .all([.compare(column, .greaterOrEqual, .real(number * scale - margin)),
                              .compare(column, .lessOrEqual, .real(number * scale + margin))])
        }
    }
}
