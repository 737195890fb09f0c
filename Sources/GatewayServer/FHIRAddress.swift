import Hummingbird

/// Where clients reach the FHIR API.
enum FHIRAddress {
    /// The base URL of `/fhir`, from the request's Host.
    static func base(_ request: Request) -> String {
        "http://\(request.head.authority ?? "localhost")/fhir"
    }
}
