import FHIRModels
import Mapping
import NativeModel

/// What one entry of a transaction or batch Bundle asks for (http://hl7.org/fhir/R4/bundle.html#transaction):
/// its method and the resource type, id or conditional query of its URL, read from `Bundle.entry.request`.
struct BundleRequest: Sendable {
    enum Method: String, Sendable, CaseIterable {
        // In the order a transaction processes them (http://hl7.org/fhir/R4/http.html#trules).
        case delete = "DELETE", post = "POST", put = "PUT", get = "GET"
    }

    var index: Int
    var method: Method
    var type: String
    var id: String?
    /// The search of a conditional update (`Patient?identifier=system|value`).
    var condition: ExternalIdentifier?
    /// The entry's resource. It is boxed: a transaction copies its requests as it orders, prepares and
    /// answers them, and an inline resource is a kilobyte with dozens of references to retain (copies
    /// of requests and resources were a tenth of a transaction's CPU).
    var resource: AnyResource? { resourceBox?.resource }
    private let resourceBox: ResourceBox?
    var fullUrl: String?
    var ifNoneExist: String?
    var ifMatch: String?

    /// The types a Bundle entry can write: the others are refused with 422 (unprocessable, as an
    /// Observation with a code the gateway does not map), so `Prefer: handling=lenient` can skip them.
    static let writableTypes: Set<String> = ["Patient", "Observation"]

    /// 422 for a write of a type the gateway does not store.
    func checkWritable() throws {
        guard method != .get, !Self.writableTypes.contains(type) else { return }
        throw FHIRError(.unprocessable, [.error(.notSupported, "\(type) resources are not stored by this server; it "
            + "stores Patient and Observation", at: "\(type)")])
    }

    /// `Bundle.entry[i]`: where problems with the entry are reported.
    var path: String { "Bundle.entry[\(index)]" }

    init(_ entry: BundleEntry, index: Int, serverBase: String?) throws {
        self.index = index
        let path = "Bundle.entry[\(index)].request"
        guard let request = entry.request, let methodText = request.method?.value, let urlText = request.url?.value else {
            throw FHIRError(.invalid, "Each entry of a transaction or batch needs request.method and request.url", at: path)
        }
        guard let method = Method(rawValue: methodText) else {
            throw FHIRError(.invalid, "request.method \(methodText) is not supported in a Bundle; use "
                + Method.allCases.map(\.rawValue).joined(separator: ", "), at: "\(path).method")
        }
        self.method = method
        var url = Substring(urlText)
        if let serverBase, url.hasPrefix(serverBase + "/") { url = url.dropFirst(serverBase.count + 1) }
        var query: Substring?
        if let mark = url.firstIndex(of: "?") {
            query = url[url.index(after: mark)...]
            url = url[..<mark]
        }
        let parts = url.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let type = parts.first, AnyResource.resourceTypes.contains(type), parts.count <= 2 else {
            throw FHIRError(.invalid, "request.url '\(urlText)' is not Type, Type/id or Type?identifier=system|value",
                            at: "\(path).url")
        }
        self.type = type
        id = parts.count == 2 ? parts[1] : nil
        if let query {
            guard method == .put, id == nil else {
                throw FHIRError(.invalid, "request.url '\(urlText)': a search is supported only in a conditional update "
                    + "(PUT Type?identifier=system|value)", at: "\(path).url")
            }
            condition = try ConditionalQuery.identifier(String(query))
        }
        switch method {
        case .post where id != nil:
            throw FHIRError(.invalid, "POST creates: request.url names the type ('\(type)'), not an id", at: "\(path).url")
        case .put where id == nil && condition == nil, .delete where id == nil, .get where id == nil:
            throw FHIRError(.invalid, "\(method.rawValue) needs Type/id in request.url, not '\(urlText)'", at: "\(path).url")
        default: break
        }
        resourceBox = entry.resource.map(ResourceBox.init)
        if method == .post || method == .put {
            guard let resource = entry.resource else {
                throw FHIRError(.invalid, "\(method.rawValue) needs a resource in the entry", at: "Bundle.entry[\(index)]")
            }
            guard resource.resourceType == type else {
                throw FHIRError(.invalid, "The entry's resource is a \(resource.resourceType); request.url names \(type)",
                                at: "Bundle.entry[\(index)].resource")
            }
        }
        fullUrl = entry.fullUrl?.value
        ifNoneExist = request.ifNoneExist?.value
        ifMatch = request.ifMatch?.value
    }
}

/// A resource held by reference, so that copying what holds it is one retain.
private final class ResourceBox: Sendable {
    let resource: AnyResource

    init(_ resource: AnyResource) {
        self.resource = resource
    }
}
