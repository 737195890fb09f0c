import Access
import Mapping
import Store

extension FHIRInteractions {
    /// Chains cross into another type, so they answer to its scopes as well
    /// (http://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html): `Observation?patient.family=…`
    /// reads Patients, so it needs a Patient search scope (else 403), and matches only the Patients that
    /// scope reaches; `Patient?_has:Observation:…` reads Observations, so it needs an Observation search
    /// scope, and finds only the Observations it reaches (their compartment and categories). Otherwise
    /// a chain would tell what the caller may not read.
    func withinReach(_ search: MeasurementSearch) throws -> MeasurementSearch {
        guard !access.isUnrestricted, search.arms.contains(where: { $0.conditions.contains(where: Self.hasOwnerCondition) }) else {
            return search
        }
        let patients = try reach(.search, "Patient", for: "chained search parameters on the Patient (patient.…, subject.…)")
        guard let compartment = Self.userCondition(patients) else { return search }
        var search = search
        for index in search.arms.indices {
            search.arms[index].conditions = search.arms[index].conditions.map { Self.mapOwners($0) { .all([$0, compartment]) } }
        }
        return search
    }

    /// `withinReach` for a Patient search's `_has` conditions.
    func withinReach(_ search: UserSearch) throws -> UserSearch {
        guard !access.isUnrestricted, search.conditions.contains(where: { if case .hasMeasurement = $0 { true } else { false } }) else {
            return search
        }
        let observations = try reach(.search, "Observation", for: "_has:Observation")
        var search = search
        search.conditions = search.conditions.map { condition in
            guard case .hasMeasurement(let arms) = condition, !observations.isEverything else { return condition }
            return .hasMeasurement(Self.restricted(MeasurementSearch(arms: arms), to: observations).arms)
        }
        return search
    }

    private static func hasOwnerCondition(_ condition: RowCondition) -> Bool {
        switch condition {
        case .owner: return true
        case .any(let conditions), .all(let conditions): return conditions.contains(where: hasOwnerCondition)
        case .not(let inner): return hasOwnerCondition(inner)
        default: return false
        }
    }

    /// `condition` with each owner condition's inner condition passed through `transform`.
    private static func mapOwners(_ condition: RowCondition, _ transform: (RowCondition) -> RowCondition) -> RowCondition {
        switch condition {
        case .owner(let inner): return .owner(transform(inner))
        case .any(let conditions): return .any(conditions.map { mapOwners($0, transform) })
        case .all(let conditions): return .all(conditions.map { mapOwners($0, transform) })
        case .not(let inner): return .not(mapOwners(inner, transform))
        default: return condition
        }
    }
}
