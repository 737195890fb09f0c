public import FHIRModels
public import Mapping
public import NativeModel
public import Search
public import Store

/// Every failure of a FHIR interaction: a category that fixes the HTTP status, and the issues of the
/// OperationOutcome that explains it (http://hl7.org/fhir/R4/operationoutcome.html). The HTTP layer
/// renders it in exactly one place.
public struct FHIRError: Error, Sendable, Hashable, CustomStringConvertible {
    public var category: Category
    public var issues: [FHIRIssue]
    /// What went wrong inside, for the server's log only: never part of an answer.
    public var cause: String?
    /// The write lost a race: a row it read changed before it landed (the version it pinned is no
    /// longer current). Run from its reads again, the interaction may succeed
    /// (`FHIRInteractions.retryingConcurrentChanges`).
    public var lostRace = false
    /// Seconds after which the same request may succeed (`Retry-After`), for `busy` and
    /// `tooManyRequests`.
    public var retryAfterSeconds: Int?
    /// The `WWW-Authenticate` challenge of a 401 (RFC 6750 §3).
    public var challenge: String?

    public init(_ category: Category, _ issues: [FHIRIssue]) {
        self.category = category
        self.issues = issues
    }

    public init(_ category: Category, _ diagnostics: String, at expression: String? = nil) {
        self.init(category, [.error(category.issueType, diagnostics, at: expression)])
    }

    public var description: String { issues.map(\.description).joined(separator: "; ") }

    /// Category → HTTP status → issue type, in one table (http://hl7.org/fhir/R4/http.html#2.21.0.7).
    public enum Category: Sendable, Hashable {
        case invalid, unauthorized, forbidden, notFound, gone, methodNotAllowed, notAcceptable, conflict,
             preconditionFailed, tooLarge, unsupportedMediaType, unprocessable, tooManyRequests, busy, fault

        public var status: Int {
            switch self {
            case .invalid: return 400
            case .unauthorized: return 401
            case .forbidden: return 403
            case .notFound: return 404
            case .methodNotAllowed: return 405
            case .notAcceptable: return 406
            case .conflict: return 409
            case .gone: return 410
            case .preconditionFailed: return 412
            case .tooLarge: return 413
            case .unsupportedMediaType: return 415
            case .unprocessable: return 422
            case .tooManyRequests: return 429
            case .busy: return 503
            case .fault: return 500
            }
        }

        public var issueType: FHIRIssue.IssueType {
            switch self {
            case .invalid: return .invalid
            case .unauthorized: return .login
            case .forbidden: return .forbidden
            case .notFound: return .notFound
            case .gone: return .deleted
            case .methodNotAllowed, .notAcceptable, .unsupportedMediaType: return .notSupported
            case .conflict: return .conflict
            case .preconditionFailed: return .conflict
            case .tooLarge: return .tooCostly
            case .unprocessable: return .processing
            case .tooManyRequests: return .throttled
            case .busy: return .transient
            case .fault: return .exception
            }
        }
    }

    /// A version-aware write whose `If-Match` names a version that is not the current one: 412
    /// (http://hl7.org/fhir/R4/http.html#concurrency).
    public static func versionMismatch(expected: Int, current: Int) -> FHIRError {
        FHIRError(.preconditionFailed, "If-Match names version \(expected); the current version is \(current)")
    }

    /// A conditional create, update or reference whose identifier names several Patients: 412 with
    /// their number (http://hl7.org/fhir/R4/http.html#ccreate). The Patients themselves stay unnamed.
    public static func multipleMatches(_ identifier: ExternalIdentifier, matches: Int, at expression: String?) -> FHIRError {
        FHIRError(.preconditionFailed, [.error(.multipleMatches, "\(matches) Patients have the identifier "
            + "\(identifier.system)|\(identifier.value); the match must name exactly one", at: expression)])
    }

    /// Work the server will not take on now: 429 (`tooManyRequests`) or 503 (`busy`), with the
    /// seconds after which the client may ask again.
    public static func later(_ category: Category, retryAfter seconds: Int, _ diagnostics: String) -> FHIRError {
        var error = FHIRError(category, diagnostics)
        error.retryAfterSeconds = seconds
        return error
    }

    /// A request the caller's scopes do not cover: 403 naming the scope that would
    /// (http://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html).
    public static func forbidden(_ needed: String, for what: String) -> FHIRError {
        FHIRError(.forbidden, "The token's scopes do not allow \(what); it needs \(needed)")
    }

    /// A resource that could not be read: 400 with every located problem.
    public init(_ error: FHIRDecodingError) {
        self.init(.invalid, error.issues)
    }

    /// A search parameter the gateway cannot apply: 400 naming the parameter.
    public init(_ error: SearchError) {
        self.init(.invalid, error.message, at: error.parameter)
    }

    /// A resource that cannot become native rows: 422.
    public init(_ error: MappingError) {
        self.init(.unprocessable, error.issues)
    }

    /// A store's refusal as the status a FHIR client expects; `resource` names what was written, for
    /// messages and FHIRPaths. The messages of `unavailable` and `fault` are for logs: clients get a
    /// fixed text, never the database's own words.
    public init(_ error: StoreError, resource: String) {
        switch error {
        case .notFound(let table, let id):
            self.init(Category(error), "No \(table.rawValue) row \(id) for \(resource)")
        case .conflict(_, let field, let message):
            self.init(.conflict, [.error(.duplicate, "\(field): \(message)", at: StoreErrorPaths.path(field, resource))])
        case .versionMismatch(_, _, let expected, let actual):
            self = .versionMismatch(expected: expected, current: actual)
            lostRace = true
        case .invalid(_, let validation):
            self.init(.unprocessable, validation.issues.map { issue in
                .error(.invariant, issue.message, at: StoreErrorPaths.path(issue.field, resource))
            })
        case .badReference(_, let message):
            self.init(.unprocessable, [.error(.notFound, message, at: resource == "Observation" ? "Observation.subject" : nil)])
        case .ambiguous(_, let identifier, let matches):
            self = .multipleMatches(identifier, matches: matches,
                                    at: resource == "Observation" ? "Observation.subject" : "Patient.identifier")
        case .unavailable(let cause):
            self.init(.busy, "The database is busy or unavailable; try again")
            self.cause = cause
        case .fault(let cause):
            self.init(.fault, "The server failed to process the request")
            self.cause = cause
        }
    }
}

extension FHIRError.Category {
    /// The category of each way a store refuses: the one mapping from store errors to HTTP statuses,
    /// for the FHIR API and the native API alike.
    public init(_ error: StoreError) {
        switch error {
        case .notFound: self = .notFound
        case .conflict: self = .conflict
        case .versionMismatch, .ambiguous: self = .preconditionFailed
        case .invalid, .badReference: self = .unprocessable
        case .unavailable: self = .busy
        case .fault: self = .fault
        }
    }
}

/// The FHIRPath of the element a native field comes from, for store errors.
enum StoreErrorPaths {
    static func path(_ field: String, _ resource: String) -> String {
        guard resource == "Patient" else { return resource }
        switch field {
        case "email": return "Patient.telecom"
        case "phone": return "Patient.telecom"
        case "given_name": return "Patient.name.given"
        case "family_name": return "Patient.name.family"
        case "birth_date": return "Patient.birthDate"
        case "gender": return "Patient.gender"
        default: return field.hasPrefix("identifiers") ? "Patient.identifier" : "Patient"
        }
    }
}
