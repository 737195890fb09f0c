import FHIRModels
import Hummingbird
import HTTPTypes
import Interactions
import NativeModel
import Store

extension APIError {
    /// Bad input: 400 for what cannot be read (syntax, types, missing or unknown fields, values of the
    /// wrong form), 422 for well-formed values that cannot be true (out of range, inconsistent).
    init(_ error: ValidationError) {
        let first = error.issues[0]
        let semantic = error.issues.allSatisfy { $0.code == .outOfRange || $0.code == .inconsistent }
        let message = error.issues.count > 1 ? "\(error.issues.count) problems: \(error)" : first.description
        self.init(semantic ? .unprocessableContent : .badRequest, code: first.code.rawValue, message,
                  field: first.field.isEmpty ? nil : first.field, details: error.issues)
    }

    /// A store's refusal in the native shape. The status comes from the one mapping both APIs share
    /// (`FHIRError.Category(StoreError)`); record rules keep the 400/422 split of `ValidationError`.
    /// Messages of the store's own trouble are fixed texts, never the database's words.
    init(_ error: StoreError) {
        if case .invalid(_, let validation) = error {
            self.init(validation)
            return
        }
        let status = HTTPResponse.Status(code: FHIRError.Category(error).status)
        switch error {
        case .notFound(let table, let id):
            self.init(status, code: "not_found", "\(Self.noun(table)) \(id) does not exist")
        case .conflict(_, let field, let message):
            self.init(status, code: "conflict", "\(field): \(message)", field: field.isEmpty ? nil : field)
        case .versionMismatch(let table, let id, let expected, let actual):
            self.init(status, code: "version_mismatch", "\(Self.noun(table)) \(id) is at version \(actual), not \(expected)")
        case .badReference(_, let message):
            self.init(status, code: "invalid_reference", message)
        case .ambiguous(_, let identifier, let matches):
            self.init(status, code: "ambiguous_identifier",
                      "\(matches) users have the identifier \(identifier.system)|\(identifier.value)")
        case .unavailable:
            self.init(status, code: "unavailable", "the database is not available; try again")
        case .fault, .invalid:
            self.init(status, code: "internal_error", "the server failed to handle the request")
        }
    }

    /// How messages name a row of `table`: the measurement resources' own nouns, else "user".
    static func noun(_ table: NativeTable) -> String {
        (table.recordType as? any NativeAPIResource.Type)?.noun ?? "user"
    }

    static func notFound(_ noun: String, _ id: some CustomStringConvertible) -> APIError {
        APIError(.notFound, code: "not_found", "\(noun) \(id) does not exist")
    }

    static func invalidParameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", "\(name): \(message)", field: name)
    }
}

extension APIError {
    /// A FHIR interaction's error in the native API's shape: the same status, the first issue's text.
    init(_ error: FHIRError, resource: String) {
        let status = HTTPResponse.Status(code: error.category.status)
        let code: String
        switch error.category {
        case .unauthorized: code = "invalid_token"
        case .forbidden: code = "insufficient_scope"
        case .notFound: code = "not_found"
        case .gone: code = "gone"
        case .invalid: code = "invalid_parameter"
        case .unprocessable: code = "unprocessable"
        case .busy: code = "unavailable"
        case .tooManyRequests: code = "too_many_requests"
        default: code = "error"
        }
        var headers: HTTPFields = [:]
        if let seconds = error.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
        if let challenge = error.challenge { headers[.wwwAuthenticate] = challenge }
        self.init(status, code: code, error.issues.map(\.diagnostics).joined(separator: "; "),
                  field: error.issues.first?.expression, headers: headers)
    }
}
