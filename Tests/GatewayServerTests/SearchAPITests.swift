import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// FHIR search over HTTP (http://hl7.org/fhir/R4/search.html): every parameter, prefix and modifier
/// the CapabilityStatement lists, against a population whose answers are known by hand.
@Suite struct SearchAPITests {
    /// One search and the ids it must match, in any order.
    struct Case: Sendable, CustomStringConvertible {
        var query: String
        var ids: [String]
        var description: String { query }
        init(_ query: String, _ ids: [String]) {
            self.query = query
            self.ids = ids
        }
    }

    static let patientCases: [Case] = [
        Case("_id=2,3", ["2", "3"]), Case("_id=99", []), Case("_id=abc", []),
        Case("identifier=urn:mrn|MRN-1", ["1"]), Case("identifier=MRN-2", ["2"]), Case("identifier=X-9", ["2"]),
        Case("identifier=urn:other|MRN-1", []), Case("identifier=%7CMRN-1", []),
        Case("identifier=urn:mrn|MRN-1,urn:mrn|MRN-3", ["1", "3"]),
        Case("name=mul", ["1"]), Case("name=M%C3%9CL", ["1"]), Case("name=smith", ["3", "4"]), Case("family=van", ["2"]),
        Case("family=ber", ["2"]), Case("family=van%20d", ["2"]), Case("given=jose", ["2"]), Case("given=ann", ["3"]),
        Case("family=ann", []), Case("name:exact=Smith", ["3"]), Case("family:exact=smith", []),
        Case("name:exact=M%C3%BCller", ["1"]), Case("name:contains=ith", ["3", "4"]), Case("given:contains=ar", ["3"]),
        Case("name=smith&name=smithe", ["4"]), Case("name=ana,bob", ["1", "4"]),
        Case("birthdate=1980", ["2", "3"]), Case("birthdate=1980-12", ["3"]), Case("birthdate=1980-12-31", ["3"]),
        Case("birthdate=1980-12-31T10:00:00Z", ["3"]), Case("birthdate=ge1980-12-31", ["1", "3", "4"]),
        Case("birthdate=le1980-01-01", []), Case("birthdate=le1980-12-31", ["2", "3"]), Case("birthdate=lt1981", ["2", "3"]),
        Case("birthdate=gt1989", ["4"]), Case("birthdate=sa1984-03-08", ["1", "4"]), Case("birthdate=eb1984", ["2", "3"]),
        Case("birthdate=ne1980", ["1", "4"]), Case("birthdate=ap1990-06-15", ["4"]), Case("birthdate=eq1990", ["4"]),
        Case("gender=female", ["1", "3"]), Case("gender=http://hl7.org/fhir/administrative-gender%7Cmale", ["2", "4"]),
        Case("gender=http://example.org/gender%7Cmale", []), Case("gender=female&birthdate=ge1984", ["1"]),
        Case("email=ANA.MULLER@example.ORG", ["1"]), Case("email=nobody@example.org", []),
        Case("phone=%2B41%2044%20555%2001%2001", ["1"]), Case("telecom=email%7Cbob@example.org", ["4"]),
        Case("telecom=phone%7Cbob@example.org", []), Case("telecom=%2B41%2044%20555%2001%2001", ["1"]),
        Case("_lastUpdated=ge2020", ["1", "2", "3", "4"]), Case("_lastUpdated=lt2020-01-01T00:00:00Z", []),
    ]

    @Test(arguments: patientCases)
    func patientParameters(_ test: Case) async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let response = try await client.fhir(.get, "Patient?" + test.query)
            #expect(response.status == .ok, "\(response.bodyText)")
            #expect(response.json["type"] as? String == "searchset")
            #expect(response.matchIDs.sorted() == test.ids.sorted(), "\(test.query)")
            #expect(response.json["total"] as? Int == test.ids.count, "one page holds every match, so the total is known")
        }
    }

    static let observationCases: [Case] = [
        Case("patient=2", ["lab-3", "vital-3"]), Case("subject=Patient/2", ["lab-3", "vital-3"]),
        Case("subject:Patient=2", ["lab-3", "vital-3"]), Case("patient=http://localhost/fhir/Patient/2", ["lab-3", "vital-3"]),
        Case("patient.identifier=urn:mrn%7CMRN-2", ["lab-3", "vital-3"]), Case("subject.identifier=X-9", ["lab-3", "vital-3"]),
        Case("patient.identifier=urn:mrn%7Cnobody", []), Case("patient=99", []),
        Case("code=2339-0", ["lab-1", "lab-2", "lab-3"]), Case("code=http://loinc.org%7C8867-4", ["vital-1", "vital-3", "vital-4"]),
        Case("code=2339-0,8867-4&patient=2", ["lab-3", "vital-3"]), Case("code=1558-6", ["lab-2"]),
        Case("code=http://snomed.info/sct%7C2339-0", []), Case("code=85354-9", ["vital-2"]), Case("code=41950-7", ["act-1-steps"]),
        Case("category=vital-signs&patient=1", ["vital-1", "vital-2", "vital-4"]),
        Case("category=http://terminology.hl7.org/CodeSystem/observation-category%7Cactivity", ["act-1-steps", "sleep-1"]),
        Case("combo-code=8480-6", ["vital-2"]), Case("combo-code=85354-9", ["vital-2"]), Case("component-code=8462-4", ["vital-2"]),
        Case("component-code=85354-9", []),
        Case("code=2339-0&value-quantity=ge7.8%7Chttp://unitsofmeasure.org%7Cmmol/L", ["lab-1"]),
        Case("value-quantity=ge140.5%7C%7Cmg/dL", ["lab-1"]), Case("value-quantity=gt100", ["lab-1", "lab-3", "act-1-steps"]),
        Case("value-quantity=8%7Chttp://unitsofmeasure.org%7Ch", ["sleep-1"]),
        Case("value-quantity=480%7Chttp://unitsofmeasure.org%7Cmin", ["sleep-1"]), Case("value-quantity=ap66", ["vital-1", "vital-3", "vital-4"]),
        Case("value-quantity=lt0.1%7Chttp://unitsofmeasure.org%7Ckg", []), Case("value-quantity=95", ["lab-2"]),
        Case("value-quantity=ne95&code=2339-0", ["lab-1", "lab-3"]), Case("value-quantity=sa140&code=2339-0", ["lab-1"]),
        Case("value-quantity=eb100&code=2339-0", ["lab-2"]), Case("_lastUpdated=sa2020&patient=2", ["lab-3", "vital-3"]), Case("value-quantity=le72&code=8867-4", ["vital-1", "vital-3", "vital-4"]),
        Case("date=2026-11&patient=2", ["lab-3", "vital-3"]), Case("date=2026-11-10T08:00:00Z", ["lab-1"]),
        Case("date=2026-11-10T09:00:00%2B01:00", ["lab-1"]), Case("date=2026-11-10T09:00:00+01:00", ["lab-1"]),
        Case("date=lt2026-11-11", ["lab-1", "lab-3", "vital-1"]), Case("date=eb2026-11-11", ["lab-1", "lab-3", "vital-1"]),
        Case("date=sa2026-11-12", ["vital-4"]), Case("date=ne2026-11", []),
        Case("date=ge2026-11-13T00:00:00%2B01:00", ["act-1-steps", "sleep-1", "vital-4"]),
        Case("date=2026-11-13", ["vital-4"]), Case("date=le2026-11-10&patient=1", ["lab-1", "vital-1"]),
        Case("date=gt2026-11-12T23:30:00Z", ["act-1-steps", "sleep-1", "vital-4"]),
        Case("date=ge2026-11-12&date=lt2026-11-13", ["lab-2", "vital-3", "act-1-steps", "sleep-1"]),
        Case("date=ap2026-11-10T08:00:00Z&code=2339-0", ["lab-1", "lab-3"]),
        Case("_id=lab-2,act-1-steps,vital-9,nonsense", ["lab-2", "act-1-steps"]), Case("_lastUpdated=ge2020&patient=2", ["lab-3", "vital-3"]),
    ]

    @Test(arguments: observationCases)
    func observationParameters(_ test: Case) async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let response = try await client.fhir(.get, "Observation?" + test.query)
            #expect(response.status == .ok, "\(response.bodyText)")
            #expect(response.matchIDs.sorted() == test.ids.sorted(), "\(test.query)")
        }
    }

    @Test func sortsCountsTotalsAndSummary() async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let byDate = try await client.fhir(.get, "Observation?patient=1&_sort=-date")
            #expect(byDate.matchIDs == ["vital-4", "act-1-steps", "sleep-1", "lab-2", "vital-2", "lab-1", "vital-1"])
            let byFamily = try await client.fhir(.get, "Patient?_sort=family")
            #expect(byFamily.matchIDs == ["1", "3", "4", "2"], "folded: muller, smith, smithers, van den berg")
            let byBirth = try await client.fhir(.get, "Patient?_sort=-birthdate,given")
            #expect(byBirth.matchIDs == ["4", "1", "3", "2"])
            let byGiven = try await client.fhir(.get, "Patient?_sort=given,-_id")
            #expect(byGiven.matchIDs == ["1", "4", "2", "3"])
            let byID = try await client.fhir(.get, "Observation?code=8867-4&_sort=-_id")
            #expect(byID.matchIDs == ["vital-4", "vital-3", "vital-1"])
            let byUpdated = try await client.fhir(.get, "Patient?_sort=_lastUpdated,_id&_count=2")
            #expect(byUpdated.matchIDs == ["1", "2"])

            let paged = try await client.fhir(.get, "Observation?_count=3")
            #expect(paged.matchIDs.count == 3)
            #expect(paged.json["total"] == nil, "_total=none by default when more pages follow")
            let accurate = try await client.fhir(.get, "Observation?_count=3&_total=accurate")
            #expect(accurate.json["total"] as? Int == 9)
            let count = try await client.fhir(.get, "Observation?_summary=count&code=2339-0")
            #expect(count.json["total"] as? Int == 3)
            #expect(count.json["entry"] == nil)
            let zero = try await client.fhir(.get, "Patient?_count=0")
            #expect(zero.json["total"] as? Int == 4)
            #expect(zero.matchIDs.isEmpty)

            let clamped = try await client.fhir(.get, "Patient?_count=5000")
            #expect(clamped.status == .ok)
            let outcome = try #require(clamped.entries(mode: "outcome").first?["resource"] as? [String: Any])
            let issue = (outcome["issue"] as? [[String: Any]])?.first
            #expect((issue?["diagnostics"] as? String)?.contains("1000") == true)
            #expect(issue?["expression"] as? [String] == ["_count"])
            #expect(clamped.link("self")?.contains("_count=5000") == true)
        }
    }

    @Test func elementsIncludeAndRevinclude() async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let subset = try await client.fhir(.get, "Patient?_id=1&_elements=birthDate")
            let patient = try #require(subset.entries(mode: "match").first?["resource"] as? [String: Any])
            #expect(Set(patient.keys) == ["resourceType", "id", "meta", "birthDate"])
            let tags = (patient["meta"] as? [String: Any])?["tag"] as? [[String: Any]]
            #expect(tags?.first?["code"] as? String == "SUBSETTED")
            let observation = try await client.fhir(.get, "Observation?_id=lab-1&_elements=value,subject")
            let subsetObservation = try #require(observation.entries(mode: "match").first?["resource"] as? [String: Any])
            #expect(Set(subsetObservation.keys) == ["resourceType", "id", "meta", "status", "code", "subject", "valueQuantity"])

            let included = try await client.fhir(.get, "Observation?code=2339-0&_include=Observation:subject")
            #expect(included.matchIDs.sorted() == ["lab-1", "lab-2", "lab-3"])
            let patients = included.entries(mode: "include").compactMap { ($0["resource"] as? [String: Any])?["id"] as? String }
            #expect(patients.sorted() == ["1", "2"], "each Patient once")
            #expect(included.entries(mode: "include").allSatisfy { ($0["fullUrl"] as? String)?.hasSuffix("/fhir/Patient/" + (($0["resource"] as? [String: Any])?["id"] as? String ?? "")) == true })

            let reverse = try await client.fhir(.get, "Patient?_id=2&_revinclude=Observation:patient")
            #expect(reverse.matchIDs == ["2"])
            let observations = reverse.entries(mode: "include").compactMap { ($0["resource"] as? [String: Any])?["id"] as? String }
            #expect(observations.sorted() == ["lab-3", "vital-3"])

            // 260 days of four values: 1,040 Observations, past the cap.
            try await store.apply(SearchFixtures.activityDays(260, user: 4))
            let capped = try await client.fhir(.get, "Patient?_id=4&_revinclude=Observation:subject")
            #expect(capped.entries(mode: "include").count == 1000)
            let warning = (capped.entries(mode: "outcome").first?["resource"] as? [String: Any])?["issue"] as? [[String: Any]]
            #expect(warning?.first?["severity"] as? String == "warning")
            #expect(warning?.first?["expression"] as? [String] == ["_revinclude"])
        }
    }

    /// Walks every page of a search while rows are added between pages: each original match comes
    /// once, none twice; `previous` goes back a page; the links keep the search's parameters.
    @Test(arguments: ["Observation?patient=4&_count=97", "Observation?patient=4&_count=100&_sort=-date",
                      "Observation?patient=4&_count=333&_sort=_lastUpdated,date"])
    func pagingIsExactWhileRowsAreAdded(_ start: String) async throws {
        try await TestGateway.run(maxBodySize: 1 << 20) { client, store in
            try await SearchFixtures.load(store)
            try await store.apply(SearchFixtures.activityDays(250, user: 4))
            let original = try await client.fhir(.get, "Observation?patient=4&_count=1000&_total=accurate")
            #expect(original.json["total"] as? Int == 1000)
            var seen: [String] = []
            var pages: [TestResponse] = []
            var next: String? = start
            var added = 0
            while let path = next {
                let page = try await client.fhir(.get, path)
                #expect(page.status == .ok, "\(page.bodyText)")
                seen += page.matchIDs
                pages.append(page)
                next = page.link("next")
                #expect(next == nil || next?.contains("patient=4") == true)
                // Two more days, one before and one after everything, between every two pages.
                try await store.apply(SearchFixtures.activityDays(1, user: 4, from: -1 - added)
                                      + SearchFixtures.activityDays(1, user: 4, from: 400 + added))
                added += 1
            }
            #expect(Set(seen).count == seen.count, "no Observation twice")
            #expect(Set(seen).isSuperset(of: original.matchIDs), "every original match")
            #expect(pages.count >= 3)
            let previous = try #require(pages[2].link("previous"))
            let back = try await client.fhir(.get, previous)
            #expect(back.matchIDs == pages[1].matchIDs)
            #expect(back.link("next") != nil)
        }
    }

    @Test func postSearchAnswersAsGet() async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let get = try await client.fhir(.get, "Observation?code=2339-0&value-quantity=ge100&_sort=-date")
            let post = try await client.execute(
                uri: "/fhir/Observation/_search?_sort=-date", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "code=2339-0&value-quantity=ge100"))
            #expect(post.status == .ok, "\(post.bodyText)")
            #expect(post.matchIDs == get.matchIDs)
            #expect(post.matchIDs == ["lab-3", "lab-1"])
            let spaces = try await client.execute(uri: "/fhir/Patient/_search", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "family=van+den"))
            #expect(spaces.matchIDs == ["2"], "+ is a space in a form")
            let wrongType = try await client.execute(uri: "/fhir/Patient/_search", method: .post,
                                                     headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            OutcomeCase(path: "", status: .unsupportedMediaType, diagnostics: "x-www-form-urlencoded").check(wrongType)
        }
    }

    static let refusals: [OutcomeCase] = [
        OutcomeCase(path: "Patient?colour=red", status: .badRequest, diagnostics: "'colour' is not a search parameter", expression: "colour"),
        OutcomeCase(path: "Observation?name=x", status: .badRequest, diagnostics: "not a search parameter of Observation", expression: "name"),
        OutcomeCase(path: "Patient?birthdate=xx1980", status: .badRequest, diagnostics: "'xx' in 'xx1980' is not a prefix", expression: "birthdate"),
        OutcomeCase(path: "Patient?birthdate=1980-13", status: .badRequest, diagnostics: "'1980-13' is not a date", expression: "birthdate"),
        OutcomeCase(path: "Observation?date=ge2026-02-30", status: .badRequest, diagnostics: "'2026-02-30' is not a date", expression: "date"),
        OutcomeCase(path: "Patient?name:fuzzy=ann", status: .badRequest, diagnostics: "modifier ':fuzzy'", expression: "name:fuzzy"),
        OutcomeCase(path: "Observation?code:below=2339-0", status: .badRequest, diagnostics: "modifier ':below'", expression: "code:below"),
        OutcomeCase(path: "Observation?subject=Group/1", status: .badRequest, diagnostics: "'Group/1' is not a reference to a Patient",
                    expression: "subject"),
        OutcomeCase(path: "Observation?patient=Patient/abc", status: .badRequest, diagnostics: "'Patient/abc'", expression: "patient"),
        OutcomeCase(path: "Observation?patient.telecom=x", status: .badRequest, diagnostics: "chains to _id, birthdate",
                    expression: "patient.telecom"),
        OutcomeCase(path: "Observation?value-quantity=gt1.2.3", status: .badRequest, diagnostics: "'1.2.3'", expression: "value-quantity"),
        OutcomeCase(path: "Patient?_count=many", status: .badRequest, diagnostics: "'many' is not a page size", expression: "_count"),
        OutcomeCase(path: "Patient?_sort=email", status: .badRequest, diagnostics: "cannot be sorted by 'email'", expression: "_sort"),
        OutcomeCase(path: "Patient?_elements=colour", status: .badRequest, diagnostics: "colour is not an element of Patient",
                    expression: "_elements"),
        OutcomeCase(path: "Patient?_summary=text", status: .badRequest, diagnostics: "_summary=text is not supported", expression: "_summary"),
        OutcomeCase(path: "Patient?_include=Observation:subject", status: .badRequest, diagnostics: "Patient has none to include",
                    expression: "_include"),
        OutcomeCase(path: "Patient?_cursor=forged", status: .badRequest, diagnostics: "is not a cursor of this search", expression: "_cursor"),
        OutcomeCase(path: "Patient?name=%ZZ", status: .badRequest, diagnostics: "not percent-encoded correctly", expression: "name"),
        OutcomeCase(path: "StructureDefinition?name=x", status: .methodNotAllowed, diagnostics: "not supported"),
        OutcomeCase(path: "Patient?_id=" + (1...101).map(String.init).joined(separator: ","), status: .badRequest,
                    diagnostics: "_id lists 101 values; a parameter takes at most 100", expression: "_id"),
        OutcomeCase(path: "Patient?" + Array(repeating: "name=a", count: 51).joined(separator: "&"), status: .badRequest,
                    diagnostics: "at most 50 parameters", expression: "name"),
        OutcomeCase(path: "Observation?" + Array(repeating: "value-quantity=" + (1...90).map { "gt\($0)" }.joined(separator: ","),
                                                 count: 3).joined(separator: "&"),
                    status: .badRequest, diagnostics: "270 values in all; it may list at most 200", expression: "value-quantity"),
    ]

    @Test(arguments: refusals)
    func badSearchesAreRefusedNamingTheParameter(_ refusal: OutcomeCase) async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            refusal.check(try await client.fhir(.get, refusal.path))
        }
    }

    @Test func lenientHandlingIgnoresWhatItCannotApply() async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let response = try await client.fhir(.get, "Patient?colour=red&family=smith&birthdate=xx1980&_sort=email",
                                                 headers: ["Prefer": "handling=lenient"])
            #expect(response.status == .ok, "\(response.bodyText)")
            #expect(response.matchIDs.sorted() == ["3", "4"])
            #expect(response.link("self") == "Patient?family=smith", "self shows what was applied")
            let issues = (response.entries(mode: "outcome").first?["resource"] as? [String: Any])?["issue"] as? [[String: Any]] ?? []
            #expect(issues.compactMap { ($0["expression"] as? [String])?.first } == ["colour", "birthdate", "_sort"])
            #expect(issues.allSatisfy { $0["severity"] as? String == "warning" })
        }
    }

    @Test func linksKeepTheFormatAndTheLargestListsStillWork() async throws {
        try await TestGateway.run(maxBodySize: 1 << 20) { client, store in
            try await SearchFixtures.load(store)
            let xml = try await client.fhir(.get, "Observation?patient=1&_count=2&_format=xml")
            #expect(xml.status == .ok)
            let body = xml.bodyText
            #expect(body.contains("<relation value=\"next\"/>"))
            #expect(body.contains("_format=xml"), "a next link keeps the format")
            let ids = (1...100).map(String.init).joined(separator: ",")
            let many = try await client.fhir(.get, "Patient?_id=\(ids)&" + Array(repeating: "gender=female,male", count: 49).joined(separator: "&"))
            #expect(many.status == .ok, "\(many.bodyText)")
            #expect(many.matchIDs.sorted() == ["1", "2", "3", "4"])
            // The largest Observation search: 200 values, each repeated in the arm of every measure.
            let values = (1...100).map { "gt\($0 * 100)" }.joined(separator: ",")
            let widest = try await client.fhir(.get, "Observation?value-quantity=\(values)&value-quantity=\(values)&_total=accurate")
            #expect(widest.status == .ok, "\(widest.bodyText)")
            #expect(widest.matchIDs.sorted() == ["act-1-steps", "lab-1", "lab-3"], "values above 100 (glucose 150 and 130) and 9,000 steps")
        }
    }

    @Test func aCursorWorksOnlyForItsOwnSearch() async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let first = try await client.fhir(.get, "Observation?patient=1&_count=2")
            let next = try #require(first.link("next"))
            #expect(try await client.fhir(.get, next).status == .ok)
            let otherSearch = next.replacingOccurrences(of: "patient=1", with: "patient=2")
            OutcomeCase(path: otherSearch, status: .badRequest, diagnostics: "is not a cursor of this search", expression: "_cursor")
                .check(try await client.fhir(.get, otherSearch))
            let cursor = try #require(next.components(separatedBy: "_cursor=").last)
            var bytes = Array(cursor)
            bytes[4] = bytes[4] == "A" ? "B" : "A"
            let tampered = next.replacingOccurrences(of: cursor, with: String(bytes))
            OutcomeCase(path: tampered, status: .badRequest, diagnostics: "is not a cursor of this search", expression: "_cursor")
                .check(try await client.fhir(.get, tampered))
        }
    }

    /// The Bundles a search answers are valid FHIR: JSON against the official schema, XML against the XSD.
    @Test func searchsetsAreValidFHIRInJSONAndXML() async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("search-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let queries = ["Patient?_revinclude=Observation:subject&_count=2", "Observation?_include=Observation:patient&_count=3",
                           "Patient?_elements=name&_count=5000", "Observation?_summary=count",
                           "Patient?colour=red&_count=1"]
            var json: [URL] = []
            var xml: [URL] = []
            for (index, query) in queries.enumerated() {
                let headers = ["Prefer": "handling=lenient"]
                let jsonResponse = try await client.fhir(.get, query, headers: headers)
                #expect(jsonResponse.status == .ok, "\(jsonResponse.bodyText)")
                json.append(directory.appendingPathComponent("\(index).json"))
                try Data(jsonResponse.body.readableBytesView).write(to: json[index])
                let xmlResponse = try await client.fhir(.get, query + "&_format=xml", headers: headers)
                #expect(xmlResponse.status == .ok)
                #expect(xmlResponse.headers[.contentType]?.hasPrefix("application/fhir+xml") == true)
                xml.append(directory.appendingPathComponent("\(index).xml"))
                try Data(xmlResponse.body.readableBytesView).write(to: xml[index])
            }
            #expect(try FHIRSchema.problems(in: json) == [])
            #expect(try FHIRXMLSchema.problems(in: xml) == [])
        }
    }
}
