public import FHIRModels
import Foundation
import Mapping
public import Store

/// `GET /fhir/AuditEvent` and `GET /fhir/AuditEvent/{id}` (issue 23): the audit trail as FHIR R4
/// AuditEvents (`AuditEventMapping`), newest first, a page at a time. Who may read it is the HTTP
/// layer's decision (an explicit `system/AuditEvent.rs`); this reads what it is asked for.
public struct AuditEventSearch: Sendable {
    let store: any HealthStore
    /// The FHIR base URL, for `fullUrl` and the page links.
    let serverBase: String

    public init(store: any HealthStore, serverBase: String) {
        self.store = store
        self.serverBase = serverBase
    }

    /// A searchset Bundle of the records `parameters` select, with `self` and, when there may be more,
    /// `next` links.
    public func search(_ parameters: [(name: String, value: String)]) async throws -> FHIRModels.Bundle {
        let query: AuditQuery
        do {
            query = try AuditEventQuery.parse(parameters)
        } catch {
            throw FHIRError(.invalid, error.message, at: error.parameter)
        }
        let records: [StoredAuditRecord]
        do {
            records = try await store.auditRecords(query)
        } catch let error as StoreError {
            throw FHIRError(error, resource: "AuditEvent")
        }
        let kept = parameters.filter { $0.name != "_cursor" }
        var links = [BundleLink(relation: FHIRString("self"), url: FHIRURI(url(parameters)))]
        if records.count == query.limit, let last = records.last {
            links.append(BundleLink(relation: FHIRString("next"), url: FHIRURI(url(kept + [("_cursor", String(last.sequence))]))))
        }
        return FHIRModels.Bundle(type: FHIRCode("searchset"), link: links, entry: records.map { record in
            BundleEntry(fullUrl: FHIRURI("\(serverBase)/AuditEvent/\(record.sequence)"),
                        resource: AuditEventMapping.auditEvent(record), search: BundleEntrySearch(mode: FHIRCode("match")))
        })
    }

    /// The AuditEvent `id`; 404 when there is none (never was, or pruned).
    public func read(_ id: String) async throws -> AnyResource {
        guard let sequence = Int64(id), sequence > 0, String(sequence) == id else {
            throw FHIRError(.notFound, "AuditEvent/\(id) is not known")
        }
        let found: [StoredAuditRecord]
        do {
            found = try await store.auditRecords(AuditQuery(before: sequence + 1, limit: 1))
        } catch let error as StoreError {
            throw FHIRError(error, resource: "AuditEvent")
        }
        guard let record = found.first, record.sequence == sequence else {
            throw FHIRError(.notFound, "AuditEvent/\(id) is not known")
        }
        return AuditEventMapping.auditEvent(record)
    }

    private func url(_ parameters: [(name: String, value: String)]) -> String {
        var components = URLComponents()
        components.queryItems = parameters.map { URLQueryItem(name: $0.name, value: $0.value) }
        let query = components.percentEncodedQuery.map { "?" + $0.replacingOccurrences(of: "+", with: "%2B") } ?? ""
        return "\(serverBase)/AuditEvent\(query)"
    }
}
