public import FHIRModels
import Mapping
import NativeModel
import Store

/// `POST /fhir` with a `transaction` or `batch` Bundle (http://hl7.org/fhir/R4/http.html#transaction).
extension FHIRInteractions {
    /// A transaction is all or nothing, in one atomic write of the store; a batch runs each entry on
    /// its own. `lenient` (`Prefer: handling=lenient`) lets a transaction skip the entries the gateway
    /// cannot map (other resource types, unmapped codes) with a warning each, instead of failing.
    public func process(_ bundle: Bundle, lenient: Bool) async throws -> Bundle {
        switch bundle.type?.value {
        case "batch": return await batch(bundle)
        case "transaction":
            return try await retryingConcurrentChanges("A row this transaction writes") {
                try await transaction(bundle, lenient: lenient)
            }
        case let type:
            throw FHIRError(.invalid, "POST /fhir takes a Bundle of type transaction or batch, not "
                + (type.map { "'\($0)'" } ?? "one without a type"), at: "Bundle.type")
        }
    }

    /// Each entry on its own, in order; each answer (or error) in its response entry.
    private func batch(_ bundle: Bundle) async -> Bundle {
        var entries: [BundleEntry] = []
        for (index, entry) in bundle.entry.enumerated() {
            do {
                let request = try BundleRequest(entry, index: index, serverBase: serverBase)
                entries.append(BundleResponses.entry(try await perform(request), serverBase: serverBase))
            } catch let error as FHIRError {
                entries.append(BundleResponses.entry(error))
            } catch {
                entries.append(BundleResponses.entry(FHIRError(.fault, "The entry could not be processed")))
            }
        }
        return Bundle(type: "batch-response", entry: entries)
    }

    /// One entry of a batch, as the interaction its method names.
    private func perform(_ request: BundleRequest) async throws -> InteractionResult {
        try request.checkWritable()
        switch request.method {
        case .post:
            guard let resource = request.resource else { throw FHIRError(.invalid, "POST needs a resource", at: request.path) }
            return try await create(resource, ifNoneExist: request.ifNoneExist)
        case .put:
            guard let resource = request.resource else { throw FHIRError(.invalid, "PUT needs a resource", at: request.path) }
            if let condition = request.condition {
                let prepared = try conditionalUpdate(resource, matching: condition)
                let outcomes = try await apply(prepared.operations, entryOf: [:])
                return try await prepared.finish(outcomes[...])
            }
            return try await update(request.type, id: request.id ?? "", resource, ifMatch: request.ifMatch)
        case .delete: return try await delete(request.type, id: request.id ?? "")
        case .get: return try await read(request.type, id: request.id ?? "")
        }
    }
}
