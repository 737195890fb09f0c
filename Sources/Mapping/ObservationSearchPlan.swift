public import NativeModel
public import Search
public import Store
public import Terminology

/// An Observation search planned onto the measurement tables
/// (http://hl7.org/fhir/R4/observation.html#search). Each measure the search can find is one arm of
/// the store search: its table and the conditions that pick its rows (an analyte, a vital-sign kind,
/// an activity column that is set). Codes and categories choose the arms; the other parameters add
/// conditions to them, converted to what the table keeps (a value in mmol/L becomes mg/dL, a sleep
/// duration in hours becomes milliseconds).
public struct ObservationSearchPlan: Sendable {
    /// The measures that are Observations of their own (blood-pressure components are not).
    public static let measures: [Measure] = MeasureCatalog.definitions.map(\.measure)
        .filter { measure in !MeasureCatalog.definitions.contains { $0.components.contains(measure) } }

    /// The longest period a row of a period table spans (the tables' CHECK constraints).
    static let longestPeriod: Int64 = 90_000_000

    public var search: MeasurementSearch

    public init(_ query: SearchQuery, serverBase: String?, now: Instant) throws {
        var selection: [Measure: [RowCondition]] = Dictionary(uniqueKeysWithValues: Self.measures.map { ($0, []) })
        for criterion in query.criteria {
            var alternatives: [Measure: [RowCondition]] = [:]
            for value in criterion.values {
                for (measure, condition) in try Self.conditions(criterion, value, serverBase: serverBase, now: now) {
                    alternatives[measure, default: []].append(condition)
                }
            }
            selection = selection.filter { alternatives[$0.key] != nil }
            for (measure, conditions) in alternatives where selection[measure] != nil {
                selection[measure]?.append(conditions.count == 1 ? conditions[0] : .any(conditions))
            }
        }
        let arms = Self.measures.compactMap { measure -> MeasurementArm? in
            guard let conditions = selection[measure] else { return nil }
            let table = Self.table(of: measure)
            return MeasurementArm(table: table, tag: Self.tag(of: measure), conditions: Self.rows(of: measure) + conditions)
        }
        let sort = query.sort.map { sort in
            let field: SearchSortKey.Field = switch sort.parameter {
            case "date": .startTime
            case "_lastUpdated": .updatedAt
            default: .id
            }
            return SearchSortKey(field, descending: sort.descending)
        }
        search = MeasurementSearch(arms: arms, sort: sort)
    }

    /// The tag of a measure's arm, and back.
    public static func tag(of measure: Measure) -> Int { Measure.allCases.firstIndex(of: measure) ?? 0 }
    public static func measure(ofTag tag: Int) -> Measure? {
        Measure.allCases.indices.contains(tag) ? Measure.allCases[tag] : nil
    }

    static func table(of measure: Measure) -> NativeTable {
        ObservationID(measure, row: 1).table
    }

    /// The conditions that pick a measure's rows from its table.
    static func rows(of measure: Measure) -> [RowCondition] {
        if let analyte = MeasureRows.analyte(of: measure) {
            return [.compare(.content("analyte"), .equal, .text(analyte.rawValue))]
        }
        if let kind = MeasureRows.vitalSignKind(of: measure) {
            return [.compare(.content("kind"), .equal, .text(kind.rawValue))]
        }
        return activityColumn(measure).map { [.not(.isNull(.content($0)))] } ?? []
    }

    static func activityColumn(_ measure: Measure) -> String? {
        switch measure {
        case .steps: return "steps"
        case .walkingDistance: return "distance_m"
        case .activeEnergy: return "energy_kcal"
        case .exerciseDuration: return "active_minutes"
        default: return nil
        }
    }

    /// The measures one value of a criterion admits, each with the condition it puts on its rows.
    private static func conditions(
        _ criterion: SearchCriterion, _ value: SearchCriterion.Value, serverBase: String?, now: Instant
    ) throws -> [(Measure, RowCondition)] {
        let all = RowCondition.all([])
        switch (criterion.name, value) {
        case ("_id", .token(let token)):
            guard let id = ObservationID(token.code) else { return [] }
            let row = RowCondition.compare(.id, .equal, .integer(id.row))
            if case .activity(_, let measure) = id { return [(measure, row)] }
            return measures.filter { table(of: $0) == id.table }.map { ($0, row) }
        case ("code", .token(let token)), ("combo-code", .token(let token)), ("component-code", .token(let token)):
            guard token.system.admits(FHIRSystems.loinc), let definition = MeasureCatalog.definition(forLOINC: token.code) else {
                return []
            }
            if let panel = MeasureCatalog.definitions.first(where: { $0.components.contains(definition.measure) }) {
                return criterion.name == "code" ? [] : [(panel.measure, all)]
            }
            if criterion.name == "component-code" { return [] }
            if definition.code.code == token.code { return [(definition.measure, all)] }
            let table = table(of: definition.measure)
            guard table == .bloodTests || table == .vitalSigns else { return [] }  // only these keep a variant code
            return [(definition.measure, .compare(.content("loinc_code"), .equal, .text(token.code)))]
        case ("category", .token(let token)):
            guard token.system.admits(ObservationCategory.system), let category = ObservationCategory(rawValue: token.code) else {
                return []
            }
            return measures.filter { MeasureCatalog.definition(of: $0).category == category }.map { ($0, all) }
        case ("subject", .reference(let text)), ("patient", .reference(let text)):
            let condition = RowCondition.compare(.userID, .equal, .integer(try patient(text, criterion, serverBase: serverBase)))
            return measures.map { ($0, condition) }
        case ("subject", _) where criterion.chain != nil, ("patient", _) where criterion.chain != nil:
            // A chain to the Patient (`patient.family=…`, `subject:Patient.birthdate=…`): a condition on its owner.
            let chained = SearchCriterion(name: criterion.chain ?? "", modifier: criterion.chainModifier, values: [value])
            let condition = RowCondition.owner(try PatientSearchPlan.condition(chained, value, now: now))
            return measures.map { ($0, condition) }
        case ("_lastUpdated", .date(let prefix, let date)):
            let condition = SearchDateRange.condition(prefix, date, first: .updatedAt, last: .updatedAt, now: now)
            return measures.map { ($0, condition) }
        case ("date", .date(let prefix, let date)):
            let condition = SearchDateRange.condition(prefix, date, first: .startTime, last: .endTime, now: now)
            let bounded: RowCondition
            if let end = SearchDateRange(date).lowestEnd(prefix, now: now) {
                bounded = .all([.compare(.startTime, .greaterOrEqual, .integer(end - longestPeriod)), condition])
            } else {
                bounded = condition
            }
            return measures.map { measure in
                let table = table(of: measure)
                return (measure, table == .physicalActivity || table == .sleep ? bounded : condition)
            }
        case ("value-quantity", .quantity(let quantity)):
            return measures.compactMap { measure in
                SearchQuantityCondition(quantity, measure: measure).map { (measure, $0.condition) }
            }
        default:
            throw SearchError(criterion.name, "\(criterion.name) cannot take this value")
        }
    }

    /// The Patient row a reference names: `Patient/1`, `1` (with or without `:Patient`) or this
    /// server's URL of it.
    private static func patient(_ text: String, _ criterion: SearchCriterion, serverBase: String?) throws -> Int64 {
        let name = criterion.modifier.map { "\(criterion.name):\($0)" } ?? criterion.name
        guard let id = try? SubjectReference.patientRow(parameter: text, at: criterion.name, serverBase: serverBase) else {
            throw SearchError(name, "'\(text)' is not a reference to a Patient of this server: use Patient/{id}, {id} "
                + "or \(serverBase ?? "the server's base URL")/Patient/{id}")
        }
        return id
    }
}
