import Access
public import FHIRModels
import Mapping
import NativeModel
import Store

extension FHIRInteractions {
    /// Conditional update (http://hl7.org/fhir/R4/http.html#cond-update), `PUT Patient?identifier=system|value`:
    /// no match creates the Patient (201), one match replaces it (200), several answer 412 with their
    /// number; matched inside the store's atomic step. A body that carries an id must carry the id of
    /// the Patient it matches (else 400); with no match it would be an update-as-create, which is
    /// `PUT Patient/{id}`'s job, so it is refused too.
    public func conditionalUpdate(_ type: String, query: String, _ resource: AnyResource) async throws -> InteractionResult {
        guard type == "Patient" else {
            throw FHIRError(.methodNotAllowed, "Conditional update is supported for Patient (identifier=system|value)")
        }
        guard resource.resourceType == type else {
            throw FHIRError(.invalid, "The body is a resource of type \(resource.resourceType); the URL names \(type)",
                            at: "resourceType")
        }
        let condition = try ConditionalQuery.identifier(query, in: "A conditional update")
        if let bodyID = resource.id {
            let search = UserSearch(conditions: [.identifier(system: condition.system, value: condition.value)])
            let found = try await storeCall("Patient") { try await store.searchUsers(search, page: SearchPageRequest(limit: 2)) }
            guard found.hits.count == 1, let match = found.hits.first, String(match.item.id) == bodyID,
                  try !isHidden(.update, table: .users, owner: match.item.id)
            else {
                throw FHIRError(.invalid, "The resource's id '\(bodyID)' is not the id of the one Patient the condition "
                    + "matches; leave Patient.id out of a conditional update", at: "Patient.id")
            }
        }
        let write = try conditionalUpdate(resource, matching: condition)
        let operations = try await authorized(write.operations, addresses: ["Patient"])
        let outcomes = try await storeCall("Patient") { try await store.apply(operations) }
        return try await write.finish(outcomes[...])
    }
}
