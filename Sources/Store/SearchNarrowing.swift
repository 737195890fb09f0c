/// Whether a search is narrowed to named rows or people (`_id`, `identifier`, `patient`, `subject`,
/// `patient.identifier`, a patient compartment), or reads across the population: a population-wide
/// search is a long read (`HealthStore.longReads`), which a read replica within its lag bound may
/// answer; a narrowed one is what a client reads right after writing (the Patient it just created,
/// by identifier), so it stays on the primary.
extension UserSearch {
    public var isPopulationWide: Bool {
        !conditions.contains(where: SearchNarrowing.namesPeople)
    }
}

extension MeasurementSearch {
    public var isPopulationWide: Bool {
        !arms.allSatisfy { arm in
            arm.conditions.contains { SearchNarrowing.names(.id, $0) || SearchNarrowing.names(.userID, $0) || SearchNarrowing.namesOwners($0) }
        }
    }
}

enum SearchNarrowing {
    /// Whether a condition on users names them: by id or by identifier.
    static func namesPeople(_ condition: RowCondition) -> Bool {
        switch condition {
        case .identifier: return true
        case .all(let conditions): return conditions.contains(where: namesPeople)
        case .any(let alternatives): return !alternatives.isEmpty && alternatives.allSatisfy(namesPeople)
        default: return names(.id, condition)
        }
    }

    /// Whether a condition on measurement rows names their owners (a chain, `patient.identifier=…`).
    static func namesOwners(_ condition: RowCondition) -> Bool {
        switch condition {
        case .owner(let owner): return namesPeople(owner)
        case .all(let conditions): return conditions.contains(where: namesOwners)
        case .any(let alternatives): return !alternatives.isEmpty && alternatives.allSatisfy(namesOwners)
        default: return false
        }
    }

    /// Whether `condition` (or a condition it requires) pins `column` to given values.
    static func names(_ column: RowColumn, _ condition: RowCondition) -> Bool {
        switch condition {
        case .compare(let compared, .equal, _): return compared == column
        case .oneOf(let compared, _): return compared == column
        case .all(let conditions): return conditions.contains { names(column, $0) }
        case .any(let alternatives): return !alternatives.isEmpty && alternatives.allSatisfy { names(column, $0) }
        default: return false
        }
    }
}
