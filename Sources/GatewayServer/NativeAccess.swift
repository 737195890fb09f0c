import HTTPTypes
import Access
import Interactions
import NativeModel
import Store

/// The caller's policy on the native API (`/api/v1`): the same SMART scopes as FHIR, a user being a
/// Patient and a measurement table's rows Observations of its category. A patient's token reaches that
/// user only (row-level access); `system/` and non-patient `user/` scopes reach every user with the
/// scope's verbs. A user outside the caller's reach answers exactly as one that does not exist.
struct NativeAccess<Store: HealthStore> {
    let policy: AccessPolicy

    /// Checks `verb` on the rows of `table` of user `userID` (nil: not about one user, such as a new
    /// user); 403 when no scope covers it, `missing` when the user is out of reach.
    func check(_ verb: AccessVerb, _ table: NativeTable, user userID: Int64?, missing: @autoclosure () -> APIError)
        throws
    {
        guard !policy.isUnrestricted else { return }
        let type = table == .users ? "Patient" : "Observation"
        let category = FHIRInteractions<Store>.category(of: table)
        let reach = policy.reach(verb, on: type).parts(admitting: category)
        guard !reach.isEmpty else { throw Self.forbidden(type, verb, category: category?.code) }
        let owners = FHIRInteractions<Store>.owners(Reach(parts: reach), category: category)
        if let userID {
            if let owners, !owners.contains(userID) { throw missing() }
        } else if owners != nil {  // a new user belongs to no patient's compartment yet
            throw APIError(.forbidden, code: "insufficient_scope",
                           "creating users needs user/Patient.c or system/Patient.c (every patient)")
        }
    }

    /// The users a list may show: nil for every user, else those ids.
    func listableUsers() throws -> [Int64]? {
        guard !policy.isUnrestricted else { return nil }
        let reach = policy.reach(.search, on: "Patient")
        guard !reach.isNothing else { throw Self.forbidden("Patient", .search, category: nil) }
        return FHIRInteractions<Store>.owners(reach, category: nil)
    }

    static func forbidden(_ type: String, _ verb: AccessVerb, category: String?) -> APIError {
        APIError(.forbidden, code: "insufficient_scope",
                 "the token's scopes do not allow this; it needs \(type).\(verb.rawValue)"
                     + (category.map { " for category \($0)" } ?? "") + " (patient/, user/ or system/)")
    }
}
