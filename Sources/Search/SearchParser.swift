/// Reads the parameters of a search request into a `SearchQuery`, checking each against the
/// parameters the gateway supports for the resource type (http://hl7.org/fhir/R4/search.html).
/// Anything it cannot apply is a `SearchError` naming the parameter and the value, unless `lenient`
/// (`Prefer: handling=lenient`, http://hl7.org/fhir/R4/search.html#errors): then it is left out and
/// listed in `SearchQuery.ignored`.
public struct SearchParser: Sendable {
    /// Parameters of the HTTP layer, not of the search.
    public static let transportParameters: Set<String> = ["_format", "_pretty"]
    static let resultParameters: Set<String> = ["_count", "_sort", "_total", "_totalMethod", "_summary", "_elements",
                                                "_include", "_revinclude", "_cursor"]

    /// The most alternatives one parameter may list, in all the search, and the most parameters one
    /// search may have: a search is one SQL statement (an Observation search repeats each condition in
    /// the arm of every measure), and SQLite bounds its size (32,766 arguments, 1,000 levels of
    /// expression depth).
    public static let maximumAlternatives = 100
    public static let maximumTotalAlternatives = 200
    public static let maximumParameters = 50

    public var resourceType: String
    public var lenient: Bool

    public init(resourceType: String, lenient: Bool) {
        self.resourceType = resourceType
        self.lenient = lenient
    }

    public func parse(_ parameters: [SearchQuery.Parameter]) throws -> SearchQuery {
        var query = SearchQuery(resourceType: resourceType)
        query.transport = parameters.filter { Self.transportParameters.contains($0.name) }
        let searchParameters = parameters.filter { !Self.transportParameters.contains($0.name) }
        guard searchParameters.count <= Self.maximumParameters else {
            throw SearchError(searchParameters[Self.maximumParameters].name,
                              "a search takes at most \(Self.maximumParameters) parameters; this one has \(searchParameters.count)")
        }
        for parameter in searchParameters {
            // An empty value does not restrict the search (http://hl7.org/fhir/R4/search.html#0).
            guard !parameter.value.isEmpty else { continue }
            do {
                try apply(parameter, to: &query)
                if parameter.name != "_cursor" { query.applied.append(parameter) }
            } catch let error as SearchError where lenient && parameter.name != "_cursor" {
                query.ignored.append(error)
            }
        }
        return query
    }

    private func apply(_ parameter: SearchQuery.Parameter, to query: inout SearchQuery) throws {
        let name = parameter.name
        if Self.resultParameters.contains(name) {
            try applyResultParameter(parameter, to: &query)
            return
        }
        if name.hasPrefix("_has:") {
            query.reverseChains.append(try reverseChain(parameter))
            return
        }
        var base = Substring(name)
        var chain: String?
        if let dot = base.firstIndex(of: ".") {
            chain = String(base[base.index(after: dot)...])
            base = base[..<dot]
        }
        var modifier: String?
        if let colon = base.firstIndex(of: ":") {
            modifier = String(base[base.index(after: colon)...])
            base = base[..<colon]
        }
        guard let definition = SearchParameters.definition(String(base), of: resourceType) else {
            let supported = SearchParameters.definitions(of: resourceType).map(\.name).joined(separator: ", ")
            throw SearchError(name, "'\(base)' is not a search parameter of \(resourceType) this server supports "
                + "(http://hl7.org/fhir/R4/search.html); it supports \(supported), and \(Self.resultParameters.sorted().joined(separator: ", "))")
        }
        if let modifier, !Self.allows(modifier, definition) {
            throw SearchError(name, "modifier ':\(modifier)' is not supported on \(definition.name) (a \(definition.type.rawValue) "
                + "parameter)" + Self.modifierHint(definition))
        }
        var chained: SearchParameterDefinition?
        var chainModifier: String?
        if var chain {
            if let colon = chain.firstIndex(of: ":") {
                chainModifier = String(chain[chain.index(after: colon)...])
                chain = String(chain[..<colon])
            }
            guard definition.chains.contains(chain), let target = SearchParameters.definition(chain, of: "Patient") else {
                throw SearchError(name, "\(definition.name) cannot be chained to '\(chain)'; "
                    + (definition.chains.isEmpty ? "it takes no chain" : "it chains to " + definition.chains.sorted().joined(separator: ", ")))
            }
            if let chainModifier, !Self.allows(chainModifier, target) {
                throw SearchError(name, "modifier ':\(chainModifier)' is not supported on \(target.name) (a "
                    + "\(target.type.rawValue) parameter)" + Self.modifierHint(target))
            }
            chained = target
        }
        let alternatives = SearchValueText.alternatives(parameter.value)
        guard alternatives.count <= Self.maximumAlternatives else {
            throw SearchError(name, "\(name) lists \(alternatives.count) values; a parameter takes at most "
                + "\(Self.maximumAlternatives) (search in several requests)")
        }
        let values = try alternatives.map { text -> SearchCriterion.Value in
            try value(text, of: chained ?? definition, parameter: name)
        }
        let total = query.criteria.reduce(values.count) { $0 + $1.values.count }
        guard total <= Self.maximumTotalAlternatives else {
            throw SearchError(name, "the search lists \(total) values in all; it may list at most "
                + "\(Self.maximumTotalAlternatives) (search in several requests)")
        }
        query.criteria.append(SearchCriterion(name: definition.name, modifier: modifier, chain: chained?.name,
                                              chainModifier: chainModifier, values: values))
    }

    /// `_has:Observation:patient:code=4548-4` (http://hl7.org/fhir/R4/search.html#has): Patients that
    /// Observations meeting the parameter refer to. Only Patient searches take it, and only Observations
    /// refer (through `patient` or `subject`); the parameter is read as an Observation search reads it.
    private func reverseChain(_ parameter: SearchQuery.Parameter) throws -> SearchQuery.ReverseChain {
        let name = parameter.name
        let parts = name.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard resourceType == "Patient" else {
            throw SearchError(name, "_has is supported on Patient searches (_has:Observation:patient:code=…)")
        }
        guard parts.count == 4, parts[1] == "Observation", parts[2] == "patient" || parts[2] == "subject", !parts[3].isEmpty else {
            throw SearchError(name, "'\(name)' is not a reverse chain the server supports: use _has:Observation:patient:"
                + "{parameter} or _has:Observation:subject:{parameter}")
        }
        guard !Self.resultParameters.contains(parts[3]), !parts[3].hasPrefix("_has") else {
            throw SearchError(name, "'\(parts[3])' cannot follow _has: name an Observation search parameter (code, "
                + "value-quantity, date, category, …)")
        }
        let observation = try SearchParser(resourceType: "Observation", lenient: false)
            .parse([SearchQuery.Parameter(parts[3], parameter.value)])
        guard let criterion = observation.criteria.first else {
            throw SearchError(name, "_has needs a value")
        }
        return SearchQuery.ReverseChain(type: parts[1], reference: parts[2], criterion: criterion)
    }

    private static func allows(_ modifier: String, _ definition: SearchParameterDefinition) -> Bool {
        switch definition.type {
        case .string: return modifier == "exact" || modifier == "contains"
        default: return definition.modifiers.contains(modifier)
        }
    }

    private static func modifierHint(_ definition: SearchParameterDefinition) -> String {
        switch definition.type {
        case .string: return "; use :exact or :contains"
        case .reference: return "; the only type it takes is :Patient"
        default: return "; it takes no modifier"
        }
    }

    private func value(_ text: String, of definition: SearchParameterDefinition, parameter: String) throws
        -> SearchCriterion.Value
    {
        switch definition.type {
        case .token:
            guard let token = SearchToken(text) else {
                throw SearchError(parameter, "'\(text)' is not a token: use code, system|code or |code")
            }
            return .token(token)
        case .string:
            return .string(SearchValueText.unescaped(text))
        case .reference:
            let reference = SearchValueText.unescaped(text)
            guard !reference.isEmpty else { throw SearchError(parameter, "a reference needs a value") }
            return .reference(reference)
        case .date:
            let (prefix, rest) = try Self.prefix(of: text, parameter: parameter)
            guard let date = SearchDate(rest) else {
                throw SearchError(parameter, "'\(rest)' is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or "
                    + "YYYY-MM-DDThh:mm[:ss][Z|±hh:mm], after an optional prefix")
            }
            return .date(prefix, date)
        case .quantity:
            return .quantity(try Self.quantity(text, parameter: parameter))
        }
    }

    /// The prefix of a date or quantity value (`eq` when none) and the rest.
    static func prefix(of text: String, parameter: String) throws -> (SearchPrefix, String) {
        let letters = text.prefix { $0.isLetter }
        guard !letters.isEmpty else { return (.eq, text) }
        guard letters.count == 2, let prefix = SearchPrefix(rawValue: String(letters)) else {
            throw SearchError(parameter, "'\(letters)' in '\(text)' is not a prefix; the prefixes are "
                + SearchPrefix.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return (prefix, String(text.dropFirst(2)))
    }

    static func quantity(_ text: String, parameter: String) throws -> SearchQuantity {
        let (prefix, rest) = try prefix(of: text, parameter: parameter)
        let parts = SearchValueText.split(rest, at: "|")
        guard parts.count == 1 || parts.count == 3 else {
            throw SearchError(parameter, "'\(text)' is not a quantity: use [prefix]number or [prefix]number|system|code")
        }
        let numberText = parts[0]
        guard let (number, halfStep) = decimal(numberText) else {
            throw SearchError(parameter, "'\(numberText)' in '\(text)' is not a number")
        }
        let system = parts.count == 3 && !parts[1].isEmpty ? parts[1] : nil
        let code = parts.count == 3 && !parts[2].isEmpty ? parts[2] : nil
        return SearchQuantity(prefix: prefix, number: number, halfStep: halfStep, system: system, code: code)
    }

    /// A FHIR decimal (`-12.50`, `1e3`) and half the unit of its last significant digit.
    static func decimal(_ text: String) -> (Double, Double)? {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(text[text.index(after: e)...]) else { return nil }
            exponent = value
            mantissa = text[..<e]
        }
        let unsigned = mantissa.hasPrefix("-") || mantissa.hasPrefix("+") ? mantissa.dropFirst() : mantissa
        let pieces = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !pieces[0].isEmpty, pieces.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              pieces.count == 1 || !pieces[1].isEmpty, let number = Double(text), number.isFinite
        else { return nil }
        let decimals = (pieces.count == 2 ? pieces[1].count : 0) - exponent
        var step = 0.5
        if decimals > 0 { for _ in 0..<min(decimals, 300) { step /= 10 } } else if decimals < 0 { for _ in 0..<min(-decimals, 300) { step *= 10 } }
        return (number, step)
    }

    private func applyResultParameter(_ parameter: SearchQuery.Parameter, to query: inout SearchQuery) throws {
        let (name, value) = (parameter.name, parameter.value)
        switch name {
        case "_count":
            guard let count = Int(value), count >= 0 else {
                throw SearchError(name, "'\(value)' is not a page size: use a whole number from 0 to \(SearchQuery.maximumCount)")
            }
            if count > SearchQuery.maximumCount { query.requestedCount = count }
            query.count = min(count, SearchQuery.maximumCount)
        case "_sort":
            let keys = SearchParameters.sortKeys(of: resourceType)
            query.sort = try value.split(separator: ",", omittingEmptySubsequences: false).map { item in
                let descending = item.hasPrefix("-")
                let key = String(descending ? item.dropFirst() : item)
                guard keys.contains(key) else {
                    throw SearchError(name, "\(resourceType) cannot be sorted by '\(key)'; it sorts by "
                        + keys.joined(separator: ", ") + " (each with - for descending)")
                }
                return SearchQuery.Sort(key, descending: descending)
            }
        case "_total":
            guard let total = SearchQuery.Total(rawValue: value) else {
                throw SearchError(name, "'\(value)' is not a _total: use none, estimate or accurate")
            }
            query.total = total
        case "_totalMethod":
            // What fhirpy sends (`.count()`), written for Aidbox: the same request as `_total`, by other words.
            let methods: [String: SearchQuery.Total] = ["count": .accurate, "estimate": .estimate, "none": .none]
            guard let total = methods[value] else {
                throw SearchError(name, "'\(value)' is not a _totalMethod: use count, estimate or none (or _total)")
            }
            query.total = total
        case "_summary":
            switch value {
            case "count": query.summaryCount = true
            case "false": query.summaryCount = false
            default:
                throw SearchError(name, "_summary=\(value) is not supported; use _summary=count (the total only) or "
                    + "_summary=false, or _elements to choose elements")
            }
        case "_elements":
            let names = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            for element in names where element.isEmpty || !element.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
                || !(element.first?.isLetter ?? false) {
                throw SearchError(name, "'\(element)' is not an element name")
            }
            query.elements = names
        case "_include", "_revinclude":
            let inclusion = try Self.inclusion(value, parameter: name)
            if name == "_include" {
                guard resourceType == inclusion.sourceType else {
                    throw SearchError(name, "_include=\(value) names \(inclusion.sourceType)'s references; a "
                        + "\(resourceType) search includes through its own: "
                        + (resourceType == "Observation" ? "Observation:subject or Observation:patient" : "\(resourceType) has none to include"))
                }
                query.includes.append(inclusion)
            } else {
                guard resourceType == "Patient" else {
                    throw SearchError(name, "_revinclude=\(value): only Patient searches take _revinclude (of "
                        + "Observation:subject or Observation:patient)")
                }
                query.revIncludes.append(inclusion)
            }
        case "_cursor":
            query.cursor = value
        default:
            break
        }
    }

    /// `Observation:subject`, `Observation:patient`, optionally `:Patient`.
    static func inclusion(_ value: String, parameter: String) throws -> SearchQuery.Inclusion {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || (parts.count == 3 && parts[2] == "Patient"), parts[0] == "Observation",
              parts[1] == "subject" || parts[1] == "patient"
        else {
            throw SearchError(parameter, "\(parameter)=\(value) is not supported; the gateway includes "
                + "Observation:subject and Observation:patient (the Patient an Observation is about)")
        }
        return SearchQuery.Inclusion(sourceType: parts[0], parameter: parts[1])
    }
}
