import Search
import Testing

/// The query string as the parser reads it: every parameter type, prefix and modifier, the result
/// parameters, escapes, and every refusal naming the parameter and the value.
@Suite struct SearchParserTests {
    func parse(_ type: String, _ pairs: [(String, String)], lenient: Bool = false) throws -> SearchQuery {
        try SearchParser(resourceType: type, lenient: lenient).parse(pairs.map { SearchQuery.Parameter($0.0, $0.1) })
    }

    func refusal(_ type: String, _ pairs: [(String, String)]) -> SearchError? {
        do {
            _ = try parse(type, pairs)
            Issue.record("expected a refusal of \(pairs)")
        } catch let error as SearchError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
        }
        return nil
    }

    @Test(arguments: SearchPrefix.allCases)
    func everyPrefixOnDatesAndQuantities(_ prefix: SearchPrefix) throws {
        let query = try parse("Observation", [("date", "\(prefix.rawValue)2026-11"), ("value-quantity", "\(prefix.rawValue)5.4")])
        guard case .date(let datePrefix, let date) = query.criteria[0].values[0],
              case .quantity(let quantity) = query.criteria[1].values[0]
        else { Issue.record("not a date and a quantity: \(query.criteria)"); return }
        #expect(datePrefix == prefix)
        #expect(date.precision == .month)
        #expect(quantity.prefix == prefix)
        #expect(quantity.number == 5.4)
        #expect(abs(quantity.halfStep - 0.05) < 1e-12)
    }

    @Test func datesKeepTheirPrecisionAndOffset() throws {
        let cases: [(String, SearchDate.Precision, Int?)] = [
            ("1980", .year, nil), ("1980-05", .month, nil), ("1980-05-17", .day, nil), ("2026-11-14T07:30", .minute, nil),
            ("2026-11-14T07:30:15Z", .second, 0), ("2026-11-14T07:30:15.25+01:00", .millisecond, 60),
            ("2026-11-14T07:30-05:30", .minute, -330),
        ]
        for (text, precision, offset) in cases {
            let date = try #require(SearchDate(text), "\(text)")
            #expect(date.precision == precision, "\(text)")
            #expect(date.offsetMinutes == offset, "\(text)")
        }
        #expect(SearchDate("2026-11-14T07:30:15.25+01:00")?.millisecond == 250)
        for bad in ["198", "1980-13", "1980-02-30", "2023-02-29", "2026-11-14T24:00", "2026-11-14T07", "2026-11-14 07:30",
                    "2026-11-14T07:30+15:00", "2026-11-14T07:30:15.", "tomorrow"] {
            #expect(SearchDate(bad) == nil, "\(bad)")
        }
        #expect(SearchDate("2024-02-29") != nil)
    }

    @Test func tokensWithAndWithoutSystemAndEscapes() throws {
        let query = try parse("Patient", [("identifier", "urn:mrn|A1,|B2,C3"), ("identifier", #"urn:x|a\,b\|c"#)])
        #expect(query.criteria[0].values == [
            .token(SearchToken(system: .named("urn:mrn"), code: "A1")), .token(SearchToken(system: .none, code: "B2")),
            .token(SearchToken(system: .any, code: "C3")),
        ])
        #expect(query.criteria[1].values == [.token(SearchToken(system: .named("urn:x"), code: "a,b|c"))])
        #expect(refusal("Patient", [("identifier", "a|b|c")])?.parameter == "identifier")
        #expect(refusal("Patient", [("gender", "http://hl7.org/fhir/administrative-gender|")])?.message.contains("token") == true)
    }

    @Test func stringModifiersAndReferenceChains() throws {
        let query = try parse("Patient", [("name:exact", "Müller"), ("family:contains", "ll"), ("given", "an")])
        #expect(query.criteria.map(\.modifier) == ["exact", "contains", nil])
        let refused = refusal("Patient", [("name:text", "x")])
        #expect(refused?.parameter == "name:text")
        #expect(refused?.message.contains(":exact") == true)

        let observation = try parse("Observation", [("patient.identifier", "urn:mrn|A1"), ("subject:Patient", "7")])
        #expect(observation.criteria[0].chain == "identifier")
        #expect(observation.criteria[0].values == [.token(SearchToken(system: .named("urn:mrn"), code: "A1"))])
        #expect(observation.criteria[1].modifier == "Patient")
        #expect(observation.criteria[1].values == [.reference("7")])
        #expect(refusal("Observation", [("subject:Group", "1")])?.parameter == "subject:Group")
        #expect(refusal("Observation", [("patient.email", "x")])?.message.contains("chains to _id, birthdate, family") == true)
        let chained = try parse("Observation", [("patient.family:exact", "Silva"), ("subject:Patient.birthdate", "lt1960"),
                                                ("patient.gender", "female,other")])
        #expect(chained.criteria.map(\.chain) == ["family", "birthdate", "gender"])
        #expect(chained.criteria[0].chainModifier == "exact" && chained.criteria[0].values == [.string("Silva")])
        #expect(chained.criteria[1].modifier == "Patient")
        if case .date(.lt, _)? = chained.criteria[1].values.first {} else { Issue.record("birthdate is read as a date") }
        #expect(chained.criteria[2].values.count == 2)
        #expect(refusal("Observation", [("patient.birthdate", "1980-13")])?.parameter == "patient.birthdate")
        #expect(refusal("Observation", [("patient.family:below", "x")])?.message.contains(":exact or :contains") == true)
        #expect(refusal("Observation", [("code:text", "glucose")])?.message.contains("no modifier") == true)
    }

    @Test func quantitiesWithUnits() throws {
        let query = try parse("Observation", [("value-quantity", "ge7.8|http://unitsofmeasure.org|mmol/L"), ("value-quantity", "100||mg/dL")])
        guard case .quantity(let first) = query.criteria[0].values[0], case .quantity(let second) = query.criteria[1].values[0] else {
            Issue.record("not quantities")
            return
        }
        #expect((first.prefix, first.number, first.system, first.code) == (.ge, 7.8, "http://unitsofmeasure.org", "mmol/L"))
        #expect((second.prefix, second.number, second.system, second.code) == (.eq, 100, nil, "mg/dL"))
        #expect(second.halfStep == 0.5)
        #expect(refusal("Observation", [("value-quantity", "gt1,2.3.4")])?.message.contains("'2.3.4'") == true)
        #expect(refusal("Observation", [("value-quantity", "5|mg")])?.parameter == "value-quantity")
        #expect(refusal("Observation", [("value-quantity", "xy5")])?.message.contains("not a prefix") == true)
    }

    @Test func resultParameters() throws {
        let query = try parse("Patient", [("_count", "5000"), ("_sort", "family,-birthdate"), ("_total", "accurate"),
                                          ("_elements", "name,gender"), ("_revinclude", "Observation:subject"),
                                          ("_format", "xml"), ("name", "")])
        #expect(query.count == SearchQuery.maximumCount)
        #expect(query.requestedCount == 5000)
        #expect(query.sort == [SearchQuery.Sort("family"), SearchQuery.Sort("birthdate", descending: true)])
        #expect(query.total == .accurate)
        #expect(query.elements == ["name", "gender"])
        #expect(query.revIncludes == [SearchQuery.Inclusion(sourceType: "Observation", parameter: "subject")])
        #expect(query.applied.map(\.name) == ["_count", "_sort", "_total", "_elements", "_revinclude"],
                "_format is the HTTP layer's; an empty value restricts nothing")
        #expect(try parse("Observation", [("_summary", "count")]).summaryCount)
        #expect(try parse("Observation", [("_include", "Observation:patient:Patient")]).includes.count == 1)

        #expect(refusal("Patient", [("_count", "-1")])?.parameter == "_count")
        #expect(refusal("Patient", [("_sort", "gender")])?.message.contains("birthdate") == true)
        #expect(refusal("Observation", [("_sort", "family")])?.parameter == "_sort")
        #expect(refusal("Patient", [("_total", "all")])?.parameter == "_total")
        #expect(refusal("Patient", [("_summary", "true")])?.parameter == "_summary")
        #expect(refusal("Patient", [("_include", "Observation:subject")])?.parameter == "_include")
        #expect(refusal("Observation", [("_revinclude", "Observation:subject")])?.parameter == "_revinclude")
        #expect(refusal("Observation", [("_include", "Observation:performer")])?.parameter == "_include")
        #expect(refusal("Patient", [("_elements", "name,")])?.parameter == "_elements")
    }

    /// fhirpy's `.count()` sends `_totalMethod=count` (written for Aidbox): the same as `_total=accurate`.
    @Test func theTotalMethodOfFhirpyIsTheTotalByOtherWords() throws {
        #expect(try parse("Patient", [("_totalMethod", "count")]).total == .accurate)
        #expect(try parse("Patient", [("_totalMethod", "estimate")]).total == .estimate)
        #expect(try parse("Observation", [("_totalMethod", "none")]).total == SearchQuery.Total.none)
        #expect(refusal("Patient", [("_totalMethod", "exact")])?.message.contains("count, estimate or none") == true)
    }

    @Test func unknownParametersAreRefusedUnlessLenient() throws {
        let refused = refusal("Patient", [("colour", "red")])
        #expect(refused?.parameter == "colour")
        #expect(refused?.message.contains("birthdate") == true, "names what is supported")
        #expect(refusal("Patient", [("_has:Encounter:subject:code", "x")]) != nil)
        #expect(refusal("Observation", [("_has:Observation:subject:code", "x")]) != nil)
        #expect(refusal("Patient", [("_has:Observation:patient:_count", "5")]) != nil)
        #expect(refusal("Patient", [("_has:Observation:patient:value-quantity", "gtseven")])?.parameter == "value-quantity")
        let reverse = try parse("Patient", [("_has:Observation:patient:code", "4548-4"),
                                            ("_has:Observation:subject:value-quantity", "gt7")])
        #expect(reverse.reverseChains.map(\.criterion.name) == ["code", "value-quantity"])
        #expect(reverse.reverseChains.map(\.reference) == ["patient", "subject"])

        let lenient = try parse("Patient", [("colour", "red"), ("birthdate", "xx1980"), ("family", "smith")], lenient: true)
        #expect(lenient.criteria.map(\.name) == ["family"])
        #expect(lenient.applied == [SearchQuery.Parameter("family", "smith")])
        #expect(lenient.ignored.map(\.parameter) == ["colour", "birthdate"])
    }
}
