/// A user of the tracker: the content of a `users` row and its external identifiers
/// (`user_identifiers`). Maps to a FHIR Patient.
public struct UserRecord: NativeRecord {
    public var email: String?
    public var givenName: String?
    public var familyName: String?
    public var gender: Gender?
    /// Year, year-month or full date, kept at the precision it was given.
    public var birthDate: PartialDate?
    public var phone: String?
    /// Identifiers in other systems (EHR MRNs), each unique across users.
    public var identifiers: [ExternalIdentifier]

    public init(
        email: String? = nil, givenName: String? = nil, familyName: String? = nil, gender: Gender? = nil,
        birthDate: PartialDate? = nil, phone: String? = nil, identifiers: [ExternalIdentifier] = []
    ) {
        self.email = email
        self.givenName = givenName
        self.familyName = familyName
        self.gender = gender
        self.birthDate = birthDate
        self.phone = phone
        self.identifiers = identifiers
    }

    public static let table = NativeTable.users
    public static let contentColumns = ["email", "given_name", "family_name", "gender", "birth_date", "phone"]
    public static let derivedKeys: Set<String> = []

    /// The identifiers are rows of `user_identifiers`; the store reads and writes them separately.
    public var columnValues: [ColumnValue] {
        [.init(email), .init(givenName), .init(familyName), .init(gender?.rawValue), .init(birthDate?.description),
         .init(phone)]
    }

    public init(columns: inout ColumnReader) throws(RowDecodingError) {
        email = try columns.optionalText()
        givenName = try columns.optionalText()
        familyName = try columns.optionalText()
        gender = try columns.optionalText().flatMap(Gender.init(rawValue:))
        birthDate = try columns.optionalText().flatMap { PartialDate(parsing: $0) }
        phone = try columns.optionalText()
        identifiers = []
    }
}

extension UserRecord {
    static let earliestBirthYear = 1880

    public func ruleViolations(now: Instant) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        // FHIR requires nothing of a Patient; a user must at least be told apart (a newborn has only a
        // birth date, an EHR record may have only an MRN).
        if email == nil, givenName == nil, familyName == nil, birthDate == nil, identifiers.isEmpty {
            issues.append(ValidationIssue(.missingField, field: "email",
                                          "a user needs an email, a name, a birth date or an identifier"))
        }
        if let email, !Self.isPlausibleEmail(email) {
            issues.append(ValidationIssue(.invalidValue, field: "email", "'\(email)' is not an email address"))
        }
        for (field, name) in [("given_name", givenName), ("family_name", familyName)] {
            if let name, name.trimmingWhitespace().isEmpty || name.count > 200 {
                issues.append(ValidationIssue(.invalidValue, field: field, "must have 1–200 characters"))
            }
        }
        if let birthDate {
            if birthDate.start > now {
                issues.append(ValidationIssue(.outOfRange, field: "birth_date", "\(birthDate) is in the future"))
            } else if birthDate.year < Self.earliestBirthYear {
                issues.append(ValidationIssue(.outOfRange, field: "birth_date",
                                              "\(birthDate) is before \(Self.earliestBirthYear)"))
            }
        }
        if let phone, !Self.isPlausiblePhone(phone) {
            issues.append(ValidationIssue(.invalidValue, field: "phone",
                                          "'\(phone)' is not a phone number (digits, spaces, +, -, ( ) and .)"))
        }
        var seen = Set<ExternalIdentifier>()
        for (index, identifier) in identifiers.enumerated() {
            issues += identifier.ruleViolations(field: "identifiers[\(index)]")
            if !seen.insert(identifier).inserted {
                issues.append(ValidationIssue(.inconsistent, field: "identifiers[\(index)]", "is listed twice"))
            }
        }
        return issues
    }

    static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix("."), text.count <= 254
        else { return false }
        return !text.contains(where: { $0.isWhitespace })
    }

    static func isPlausiblePhone(_ text: String) -> Bool {
        let digits = text.filter(\.isASCIIDigit).count
        let allowed = text.allSatisfy { $0.isASCIIDigit || " +-().".contains($0) }
        return allowed && (3...20).contains(digits) && text.count <= 40
    }
}

extension UserRecord {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case email, givenName = "given_name", familyName = "family_name", gender, birthDate = "birth_date", phone,
             identifiers
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, readOnly: Self.rowKeys)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        givenName = try container.decodeIfPresent(String.self, forKey: .givenName)
        familyName = try container.decodeIfPresent(String.self, forKey: .familyName)
        gender = try container.decodeCodeIfPresent(Gender.self, forKey: .gender)
        if let text = try container.decodeIfPresent(String.self, forKey: .birthDate) {
            guard let date = PartialDate(parsing: text) else {
                throw ValidationError(ValidationIssue(.invalidValue, field: "birth_date",
                                                      "'\(text)' is not a date like 1980, 1980-05 or 1980-05-17"))
            }
            birthDate = date
        }
        phone = try container.decodeIfPresent(String.self, forKey: .phone)
        identifiers = try container.decodeIfPresent([ExternalIdentifier].self, forKey: .identifiers) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encodeIfPresent(givenName, forKey: .givenName)
        try container.encodeIfPresent(familyName, forKey: .familyName)
        try container.encodeIfPresent(gender, forKey: .gender)
        try container.encodeIfPresent(birthDate?.description, forKey: .birthDate)
        try container.encodeIfPresent(phone, forKey: .phone)
        try container.encode(identifiers, forKey: .identifiers)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
