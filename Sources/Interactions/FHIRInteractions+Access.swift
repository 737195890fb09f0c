public import Access
import FHIRModels
import Mapping
public import NativeModel
import Store
import Terminology

/// Authorization inside the interactions (SMART App Launch 2,
/// http://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html): the verbs a scope grants
/// decide whether an interaction may run at all (403 naming the scope), the compartment and categories
/// decide which rows it sees. Reads and searches carry the compartment into the store's queries as row
/// conditions, before paging and counting; what lies outside answers exactly as what does not exist.
extension FHIRInteractions {
    /// What `verb` on `type` reaches; 403 naming the scope needed when nothing does.
    func reach(_ verb: AccessVerb, _ type: String, for what: String) throws -> Reach {
        let reach = access.reach(verb, on: type)
        guard !reach.isNothing else {
            throw FHIRError.forbidden("patient/\(type).\(verb.rawValue) (or user/ or system/)", for: what)
        }
        return reach
    }

    /// The subject of an operation must be a Patient some part of `reach` admits: one outside every
    /// compartment answers as a Patient that does not exist.
    func checkSubject(_ row: Int64, reach: Reach) throws {
        guard !reach.isEverything else { return }
        let inCompartment = reach.parts.contains { part in
            switch part.compartment {
            case .everyone: return true
            case .patient(let id): return id == String(row)
            }
        }
        guard inCompartment else { throw FHIRError(.notFound, "Patient/\(row) is not known") }
    }

    /// The category of the Observations a table's rows are (the R4 observation-category codes).
    public static func category(of table: NativeTable) -> (system: String, code: String)? {
        let category: ObservationCategory
        switch table {
        case .physicalActivity, .sleep: category = .activity
        case .bloodTests: category = .laboratory
        case .vitalSigns: category = .vitalSigns
        case .users, .userIdentifiers: return nil
        }
        return (ObservationCategory.system, category.rawValue)
    }

    /// The category of the Observations of a measure.
    static func category(of measure: Measure) -> (system: String, code: String) {
        (ObservationCategory.system, MeasureCatalog.definition(of: measure).category.rawValue)
    }

    /// The users a reach's parts admitting `category` allow: nil for every user, else the row ids
    /// (empty: none). A Patient id that is no row id allows no row.
    public static func owners(_ reach: Reach, category: (system: String, code: String)?) -> [Int64]? {
        var rows: [Int64] = []
        for part in reach.parts(admitting: category) {
            switch part.compartment {
            case .everyone: return nil
            case .patient(let id):
                if let row = userRow(id), !rows.contains(row) { rows.append(row) }
            }
        }
        return rows
    }

    /// Whether the row of `userID` with `category` is within `reach`.
    static func admits(_ reach: Reach, userID: Int64, category: (system: String, code: String)?) -> Bool {
        reach.admits(patient: String(userID), category: category)
    }

    /// The condition on the users table that keeps a Patient search within `reach`; nil when it
    /// reaches every Patient.
    static func userCondition(_ reach: Reach) -> RowCondition? {
        owners(reach, category: nil).map { rows in .oneOf(.id, rows.map { .integer($0) }) }
    }

    /// A measurement search kept within `reach`: an arm whose category no part admits is dropped, the
    /// others get the owners their category allows as a condition. An arm that already names only
    /// owners within those (`Observation?patient=42` under Patient 42's token) is left as it is: the
    /// condition would change nothing but the cost of the query; one that names none of them is dropped.
    static func restricted(_ search: MeasurementSearch, to reach: Reach) -> MeasurementSearch {
        var search = search
        search.arms = search.arms.compactMap { arm in
            let category = ObservationSearchPlan.measure(ofTag: arm.tag).map(category(of:))
                ?? category(of: arm.table)
            guard let rows = owners(reach, category: category) else { return arm }
            guard !rows.isEmpty else { return nil }
            if let named = namedOwners(arm.conditions) {
                if named.isSubset(of: rows) { return arm }
                if named.isDisjoint(with: rows) { return nil }
            }
            var arm = arm
            arm.conditions.append(.oneOf(.userID, rows.map { .integer($0) }))
            return arm
        }
        return search
    }

    /// The owners an arm's conditions (all of which a row meets) confine it to; nil when they name none.
    static func namedOwners(_ conditions: [RowCondition]) -> Set<Int64>? {
        var named: Set<Int64>?
        for condition in conditions {
            guard let owners = owners(named: condition) else { continue }
            named = named.map { $0.intersection(owners) } ?? owners
        }
        return named
    }

    /// The owners one condition confines rows to: `user_id = x`, `user_id IN (…)`, or a choice of those.
    private static func owners(named condition: RowCondition) -> Set<Int64>? {
        switch condition {
        case .compare(.userID, .equal, .integer(let id)): return [id]
        case .oneOf(.userID, let values):
            var ids: Set<Int64> = []
            for value in values {
                guard case .integer(let id) = value else { return nil }
                ids.insert(id)
            }
            return ids
        case .any(let choices) where !choices.isEmpty:
            var ids: Set<Int64> = []
            for choice in choices {
                guard let owners = owners(named: choice) else { return nil }
                ids.formUnion(owners)
            }
            return ids
        default: return nil
        }
    }

    /// The owners a history query may show, per table; tables nothing may be shown of are left out.
    static func historyScope(_ tables: [NativeTable], reach: (NativeTable) -> Reach) -> (tables: [NativeTable], owners: [NativeTable: [Int64]]) {
        var kept: [NativeTable] = []
        var owners: [NativeTable: [Int64]] = [:]
        for table in tables {
            let reach = reach(table)
            guard let rows = Self.owners(reach, category: category(of: table)) else {
                kept.append(table)
                continue
            }
            if !rows.isEmpty {
                kept.append(table)
                owners[table] = rows
            }
        }
        return (kept, owners)
    }
}
