public import NativeModel
public import Search
public import Store

/// A Patient search planned onto the users table (http://hl7.org/fhir/R4/patient.html#search): each
/// parameter becomes a condition the store answers through an index where one helps (name keys,
/// identifiers, email, phone).
public enum PatientSearchPlan {
    public static func userSearch(_ query: SearchQuery, now: Instant) throws -> UserSearch {
        var search = UserSearch()
        for criterion in query.criteria {
            search.conditions.append(.any(try criterion.values.map { try condition(criterion, $0, now: now) }))
        }
        if !query.reverseChains.isEmpty {
            // `_has:Observation:patient:…`: one Observation must meet every `_has` criterion together
            // ("patients with an HbA1c above 7%": code and value of the same result).
            let observations = SearchQuery(resourceType: "Observation", criteria: query.reverseChains.map(\.criterion))
            let plan = try ObservationSearchPlan(observations, serverBase: nil, now: now)
            search.conditions.append(.hasMeasurement(plan.search.arms))
        }
        search.sort = query.sort.map { sort in
            let field: SearchSortKey.Field = switch sort.parameter {
            case "birthdate": .birthDate
            case "family": .familyName
            case "given": .givenName
            case "_lastUpdated": .updatedAt
            default: .id
            }
            return SearchSortKey(field, descending: sort.descending)
        }
        return search
    }

    /// The condition one value of a Patient parameter puts on users; also what a chain from an
    /// Observation (`patient.family=…`) asks of the Observation's owner.
    static func condition(_ criterion: SearchCriterion, _ value: SearchCriterion.Value, now: Instant) throws
        -> RowCondition
    {
        switch (criterion.name, value) {
        case ("_id", .token(let token)):
            guard let id = Int64(token.code), id > 0, String(id) == token.code else { return .never }
            return .compare(.id, .equal, .integer(id))
        case ("_lastUpdated", .date(let prefix, let date)):
            return SearchDateRange.condition(prefix, date, first: .updatedAt, last: .updatedAt, now: now)
        case ("identifier", .token(let token)):
            switch token.system {
            case .any: return .identifier(system: nil, value: token.code)
            case .named(let system): return .identifier(system: system, value: token.code)
            case .none: return .never  // every identifier the gateway keeps has a system
            }
        case ("name", .string(let text)), ("family", .string(let text)), ("given", .string(let text)):
            let part: NamePart? = criterion.name == "family" ? .family : (criterion.name == "given" ? .given : nil)
            switch criterion.modifier {
            case "exact": return .nameIs(text, part: part)
            case "contains": return .nameContains(NameFolding.fold(text), part: part)
            default: return .nameStarts(with: NameFolding.fold(text), part: part)
            }
        case ("birthdate", .date(let prefix, let date)):
            let (first, last) = SearchDateRange.days(date)
            let range = SearchDateRange(date).approximately(now: now)
            let widened = (ColumnValue.text(PartialDate(daysSince1970: range.low / 86_400_000).description),
                           ColumnValue.text(PartialDate(daysSince1970: range.high / 86_400_000).description))
            return .all([.not(.isNull(.birthDateFirstDay)),
                         SearchDateRange.condition(prefix, first: .birthDateFirstDay, last: .birthDateLastDay,
                                                   low: .text(first), high: .text(last), approximately: widened)])
        case ("gender", .token(let token)):
            guard token.system.admits(FHIRSystems.administrativeGender), let gender = Gender(rawValue: token.code) else {
                return .never
            }
            return .compare(.content("gender"), .equal, .text(gender.rawValue))
        case ("email", .token(let token)):
            return token.system.admits("email") ? .equalIgnoringCase(.content("email"), token.code) : .never
        case ("phone", .token(let token)):
            return token.system.admits("phone") ? .compare(.content("phone"), .equal, .text(token.code)) : .never
        case ("telecom", .token(let token)):
            return .any([token.system.admits("email") ? .equalIgnoringCase(.content("email"), token.code) : .never,
                         token.system.admits("phone") ? .compare(.content("phone"), .equal, .text(token.code)) : .never])
        default:
            throw SearchError(criterion.name, "\(criterion.name) cannot take this value")
        }
    }
}
