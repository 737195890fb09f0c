import FHIRModels

/// The `response` of a transaction-response or batch-response entry (http://hl7.org/fhir/R4/bundle.html#transaction):
/// status with its reason phrase, location, etag and lastModified of what was written, and an
/// OperationOutcome when there is something to say.
enum BundleResponses {
    static func entry(_ result: InteractionResult, serverBase: String?, includingResource: Bool = true) -> BundleEntry {
        var response = BundleEntryResponse(status: FHIRString(statusLine(result.status.rawValue)))
        if let address = result.address {
            response.location = FHIRURI(address + (result.versionID.map { "/_history/\($0)" } ?? ""))
        }
        response.etag = result.versionID.map { FHIRString("W/\"\($0)\"") }
        response.lastModified = result.lastUpdated.map { FHIRInstant($0) }
        if !result.issues.isEmpty { response.outcome = .operationOutcome(OperationOutcomes.outcome(result.issues)) }
        return BundleEntry(fullUrl: result.address.map { FHIRURI("\(serverBase ?? "")/\($0)") },
                           resource: includingResource ? result.resource : nil, response: response)
    }

    static func entry(_ error: FHIRError) -> BundleEntry {
        BundleEntry(response: BundleEntryResponse(status: FHIRString(statusLine(error.category.status)),
                                                  outcome: .operationOutcome(OperationOutcomes.outcome(error.issues))))
    }

    /// `201 Created`: the status code and its reason phrase (RFC 9110).
    static func statusLine(_ status: Int) -> String {
        let reasons = [200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 404: "Not Found",
                       405: "Method Not Allowed", 409: "Conflict", 410: "Gone", 412: "Precondition Failed",
                       413: "Content Too Large", 422: "Unprocessable Content", 500: "Internal Server Error",
                       503: "Service Unavailable"]
        return reasons[status].map { "\(status) \($0)" } ?? String(status)
    }
}
