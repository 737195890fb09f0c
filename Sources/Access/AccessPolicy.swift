/// Who may do what, decided once per request from the caller's token and enforced by the
/// interactions and inside the store's queries (SMART App Launch 2,
/// http://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html). Several scopes on one type
/// add up; a scope that cannot be read grants nothing.
///
/// The compartment of each scope:
/// - `patient/…` → the Patient of the token's `patient` claim (a token without one is refused);
/// - `user/…` → the Patient the user is when `fhirUser` names a Patient, else every patient;
/// - `system/…` → every patient.
public struct AccessPolicy: Sendable, Hashable, Codable {
    /// With authorization off: everything is allowed.
    public let isUnrestricted: Bool
    public let grants: [AccessGrant]
    /// Who holds the policy (the token's client and subject): part of the fingerprint, so what one
    /// holder's cursors page through is not another's, even with the same grants.
    public let holder: String

    private init(isUnrestricted: Bool, grants: [AccessGrant], holder: String) {
        self.isUnrestricted = isUnrestricted
        self.grants = grants
        self.holder = holder
    }

    /// The policy of a server without authorization (`serve --auth none`).
    public static let unrestricted = AccessPolicy(isUnrestricted: true, grants: [], holder: "")

    public init(grants: [AccessGrant], holder: String = "") {
        self.init(isUnrestricted: false, grants: grants, holder: holder)
    }

    /// The policy of a token: its `scope` claim (space-separated), its `patient` launch context and its
    /// `fhirUser` (`Patient/123`, `Practitioner/7`, relative or absolute); `holder` names the client and
    /// user it was issued to.
    public init(scope: String, patient: String?, fhirUser: String?, holder: String = "") throws(AccessPolicyError) {
        let userPatient = fhirUser.flatMap(Self.patientID(fhirUser:))
        var grants: [AccessGrant] = []
        for text in scope.split(separator: " ") {
            guard let scope = SMARTScope(String(text)) else { continue }
            let compartment: Compartment
            switch scope.context {
            case .patient:
                guard let patient, !patient.isEmpty else { throw .patientContextMissing(String(text)) }
                compartment = .patient(patient)
            case .user: compartment = userPatient.map(Compartment.patient) ?? .everyone
            case .system: compartment = .everyone
            }
            grants.append(AccessGrant(resourceType: scope.resourceType, verbs: scope.verbs, compartment: compartment,
                                      categories: scope.categories))
        }
        self.init(grants: grants, holder: holder)
    }

    /// What `verb` on `type` reaches.
    public func reach(_ verb: AccessVerb, on type: String) -> Reach {
        if isUnrestricted { return .everything }
        var parts: [Reach.Part] = []
        for grant in grants where grant.covers(verb, on: type) {
            let part = Reach.Part(compartment: grant.compartment, categories: grant.categories)
            if !parts.contains(part) { parts.append(part) }
        }
        return Reach(parts: parts)
    }

    /// Whether any scope covers `verb` on `type`, in whatever compartment.
    public func allows(_ verb: AccessVerb, on type: String) -> Bool {
        !reach(verb, on: type).isNothing
    }

    /// The patients the caller's grants are limited to, when every grant is limited to one (a
    /// patient's app): nil when some grant reaches everyone, or authorization is off.
    public var patients: Set<String>? {
        if isUnrestricted { return nil }
        var ids: Set<String> = []
        for grant in grants {
            switch grant.compartment {
            case .everyone: return nil
            case .patient(let id): ids.insert(id)
            }
        }
        return ids
    }

    /// A stable text of who holds the policy and what it grants: search and history cursors are signed
    /// with it, so a cursor replayed under another client's or user's token, or one that grants other
    /// things, is refused (a refreshed token of the same holder goes on paging).
    public var fingerprint: String {
        if isUnrestricted { return "" }
        let texts = grants.map { grant in
            let compartment = switch grant.compartment {
            case .everyone: "*"
            case .patient(let id): "Patient/\(id)"
            }
            let categories = grant.categories.map { codes in
                "?" + codes.map { "\($0.system ?? "")|\($0.code)" }.sorted().joined(separator: ",")
            } ?? ""
            return "\(compartment):\(grant.resourceType).\(AccessVerb.letters(grant.verbs))\(categories)"
        }
        return holder + "\n" + Set(texts).sorted().joined(separator: " ")
    }

    /// The Patient id of a `fhirUser` claim that names a Patient: `Patient/123` or
    /// `https://ehr.example/fhir/Patient/123`; nil for any other kind of user.
    public static func patientID(fhirUser: String) -> String? {
        let segments = fhirUser.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count >= 2, segments[segments.count - 2] == "Patient" else { return nil }
        let id = segments[segments.count - 1]
        guard !id.isEmpty, id.count <= 64,
              id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
        else { return nil }
        return String(id)
    }
}

/// Why a token's claims make no policy.
public enum AccessPolicyError: Error, Sendable, Equatable {
    /// A `patient/` scope in a token without a `patient` launch context.
    case patientContextMissing(String)

    public var description: String {
        switch self {
        case .patientContextMissing(let scope):
            return "the token grants \(scope) but names no patient (the 'patient' claim)"
        }
    }
}
