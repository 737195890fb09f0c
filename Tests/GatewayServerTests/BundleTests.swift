import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// `POST /fhir` with transaction and batch Bundles: references, conditional writes, order, atomicity,
/// lenient skipping, and every error located in its entry.
@Suite struct BundleTests {
    static let mrn = "urn:oid:2.16.840.1.113883.3.9999.1"

    static func patient(_ family: String, mrn: String? = nil, id: String? = nil) -> String {
        let identifier = mrn.map { #","identifier":[{"system":"\#(Self.mrn)","value":"\#($0)"}]"# } ?? ""
        let idMember = id.map { #","id":"\#($0)""# } ?? ""
        return #"{"resourceType":"Patient"\#(idMember)\#(identifier),"name":[{"family":"\#(family)","given":["Ana"]}],"gender":"female"}"#
    }

    static func steps(_ value: Int, subject: String, day: Int = 1) -> String {
        #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"41950-7"}]},"subject":{"reference":"\#(subject)"},"effectivePeriod":{"start":"2026-11-0\#(day)T00:00:00+01:00","end":"2026-11-0\#(day + 1)T00:00:00+01:00"},"valueQuantity":{"value":\#(value),"unit":"steps","system":"http://unitsofmeasure.org","code":"{steps}"}}"#
    }

    static func glucose(_ value: Double, unit: String = "mg/dL", subject: String) -> String {
        #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0"}]},"subject":{"reference":"\#(subject)"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":\#(value),"unit":"\#(unit)","system":"http://unitsofmeasure.org","code":"\#(unit)"}}"#
    }

    static func temperature(subject: String) -> String {
        #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"subject":{"reference":"\#(subject)"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":36.8,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}}"#
    }

    /// An entry: `method url`, with a resource, fullUrl and request extras.
    static func entry(_ method: String, _ url: String, _ resource: String? = nil, fullUrl: String? = nil,
                      ifNoneExist: String? = nil, ifMatch: String? = nil) -> String {
        var members: [String] = []
        if let fullUrl { members.append(#""fullUrl":"\#(fullUrl)""#) }
        if let resource { members.append(#""resource":\#(resource)"#) }
        var request = #""method":"\#(method)","url":"\#(url)""#
        if let ifNoneExist { request += #","ifNoneExist":"\#(ifNoneExist)""# }
        if let ifMatch { request += #","ifMatch":"\#(ifMatch.replacingOccurrences(of: "\"", with: "\\\""))""# }
        members.append(#""request":{\#(request)}"#)
        return "{" + members.joined(separator: ",") + "}"
    }

    static func bundle(_ type: String, _ entries: [String]) -> String {
        #"{"resourceType":"Bundle","type":"\#(type)","entry":[\#(entries.joined(separator: ","))]}"#
    }

    static func statuses(_ response: TestResponse) -> [String] {
        (response.json["entry"] as? [[String: Any]] ?? []).map {
            (($0["response"] as? [String: Any])?["status"] as? String) ?? ""
        }
    }

    static func locations(_ response: TestResponse) -> [String] {
        (response.json["entry"] as? [[String: Any]] ?? []).map {
            (($0["response"] as? [String: Any])?["location"] as? String) ?? ""
        }
    }

    @Test func aTransactionResolvesEntryReferencesWhateverTheirOrder() async throws {
        try await TestGateway.run { client, store in
            var corpus = SchemaCorpus()
            // The Observations come before the Patient they refer to; POSTs of Patients go first.
            let response = try await client.fhir(.post, "", body: Self.bundle("transaction", [
                Self.entry("POST", "Observation", Self.steps(9120, subject: "urn:uuid:6c1f0a40-0000-4000-8000-000000000001")),
                Self.entry("POST", "Observation", Self.glucose(5.4, unit: "mmol/L",
                                                               subject: "urn:uuid:6c1f0a40-0000-4000-8000-000000000001")),
                Self.entry("POST", "Patient", Self.patient("Silva", mrn: "MRN-1"),
                           fullUrl: "urn:uuid:6c1f0a40-0000-4000-8000-000000000001"),
            ]))
            #expect(response.status == .ok, "\(response.bodyText)")
            corpus.add(response)
            #expect(response.json["type"] as? String == "transaction-response")
            #expect(Self.statuses(response) == ["201 Created", "201 Created", "201 Created"])
            let locations = Self.locations(response)
            #expect(locations[2].hasPrefix("Patient/") && locations[2].hasSuffix("/_history/1"))
            let patientID = locations[2].split(separator: "/")[1]
            let etag = ((response.json["entry"] as? [[String: Any]])?[0]["response"] as? [String: Any])?["etag"] as? String
            #expect(etag == "W/\"1\"")
            let answers = (response.json["entry"] as? [[String: Any]] ?? []).map { $0["response"] as? [String: Any] ?? [:] }
            for (location, answer) in zip(locations.prefix(2), answers) {
                #expect(location.hasPrefix("Observation/") && location.hasSuffix("/_history/1"))
                #expect(answer["etag"] as? String == "W/\"1\"")
                let address = location.components(separatedBy: "/_history").first ?? ""
                let observation = try await client.fhir(.get, address)
                #expect(observation.status == .ok)
                #expect((observation.json["subject"] as? [String: Any])?["reference"] as? String == "Patient/\(patientID)")
                // The entry answers with the version the read shows, without a body of its own.
                let meta = observation.json["meta"] as? [String: Any]
                #expect(answer["lastModified"] as? String == meta?["lastUpdated"] as? String)
                #expect(answer["lastModified"] != nil)
                #expect(meta?["versionId"] as? String == "1")
            }
            #expect((response.json["entry"] as? [[String: Any]] ?? []).allSatisfy { $0["resource"] == nil })
            let glucose = try await client.fhir(.get, locations[1].components(separatedBy: "/_history").first ?? "")
            #expect(((glucose.json["valueQuantity"] as? [String: Any])?["value"] as? NSNumber)?.doubleValue == 97.3)
            #expect(try corpus.problems() == [])
            #expect(try await store.rowCounts()[.users] == 1)
        }
    }

    @Test func conditionalCreatesAndReferencesMatchByIdentifier() async throws {
        try await TestGateway.run { client, store in
            func send() async throws -> TestResponse {
                try await client.fhir(.post, "", body: Self.bundle("transaction", [
                    Self.entry("POST", "Patient", Self.patient("Silva", mrn: "MRN-7"), fullUrl: "urn:uuid:p",
                               ifNoneExist: "identifier=\(Self.mrn)|MRN-7"),
                    Self.entry("POST", "Observation", Self.steps(8000, subject: "Patient?identifier=\(Self.mrn)|MRN-7")),
                ]))
            }
            let first = try await send()
            #expect(Self.statuses(first) == ["201 Created", "201 Created"], "\(first.bodyText)")
            let second = try await send()
            #expect(Self.statuses(second) == ["200 OK", "201 Created"], "\(second.bodyText)")
            #expect(Self.locations(first)[0] == Self.locations(second)[0])
            #expect(try await store.rowCounts()[.users] == 1)
            #expect(try await store.rowCounts()[.physicalActivity] == 2)
        }
    }

    @Test func concurrentTransactionsCreateOnePatientPerIdentifier() async throws {
        try await TestGateway.run { client, store in
            let body = Self.bundle("transaction", [
                Self.entry("POST", "Patient", Self.patient("Silva", mrn: "MRN-C"), fullUrl: "urn:uuid:c",
                           ifNoneExist: "identifier=\(Self.mrn)|MRN-C"),
                Self.entry("POST", "Observation", Self.steps(6000, subject: "urn:uuid:c")),
            ])
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<8 { group.addTask { try await client.fhir(.post, "", body: body).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok })
            #expect(try await store.rowCounts()[.users] == 1)
            #expect(try await store.rowCounts()[.physicalActivity] == 8)
        }
    }

    @Test func aFailingEntryRollsBackTheWholeTransaction() async throws {
        try await TestGateway.run { client, store in
            _ = try await client.createSamplePatient()
            // Valid FHIR, but 10,000 mg/dL is outside what the tables accept: the store refuses it.
            let implausible = try await client.fhir(.post, "", body: Self.bundle("transaction", [
                Self.entry("POST", "Patient", Self.patient("New"), fullUrl: "urn:uuid:n"),
                Self.entry("POST", "Observation", Self.steps(9000, subject: "urn:uuid:n")),
                Self.entry("POST", "Observation", Self.glucose(10_000, subject: "urn:uuid:n")),
            ]))
            #expect(implausible.status == .unprocessableContent, "\(implausible.bodyText)")
            #expect(implausible.json["resourceType"] as? String == "OperationOutcome")
            #expect(implausible.firstIssue.diagnostics.hasPrefix("Bundle.entry[2]: "), "\(implausible.bodyText)")
            #expect(try await store.rowCounts()[.users] == 1)
            #expect(try await store.rowCounts()[.physicalActivity] == 0)

            // Entries the gateway cannot map: each listed by index; nothing is written.
            let unmapped = try await client.fhir(.post, "", body: Self.bundle("transaction", [
                Self.entry("POST", "Patient", Self.patient("New"), fullUrl: "urn:uuid:n"),
                Self.entry("POST", "Observation", Self.temperature(subject: "urn:uuid:n")),
                Self.entry("POST", "Encounter", #"{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"}}"#),
                Self.entry("POST", "Observation", Self.steps(9000, subject: "urn:uuid:unknown")),
            ]))
            #expect(unmapped.status == .unprocessableContent, "\(unmapped.bodyText)")
            let issues = unmapped.issues.map { ($0["diagnostics"] as? String ?? "").prefix(16) }
            #expect(issues.contains("Bundle.entry[1]:") && issues.contains("Bundle.entry[2]:")
                    && issues.contains("Bundle.entry[3]:"), "\(unmapped.bodyText)")
            let expressions = unmapped.issues.compactMap { ($0["expression"] as? [String])?.first }
            #expect(expressions.contains("Bundle.entry[1].resource.code"), "\(expressions)")
            #expect(expressions.contains("Bundle.entry[3].resource.subject.reference"), "\(expressions)")
            #expect(try await store.rowCounts()[.users] == 1)
        }
    }

    @Test func lenientHandlingSkipsWhatCannotBeMappedAndKeepsTheRest() async throws {
        try await TestGateway.run { client, store in
            let response = try await client.fhir(.post, "", body: Self.bundle("transaction", [
                Self.entry("POST", "Patient", Self.patient("New"), fullUrl: "urn:uuid:n"),
                Self.entry("POST", "Observation", Self.temperature(subject: "urn:uuid:n")),
                Self.entry("POST", "Encounter", #"{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"}}"#),
                Self.entry("POST", "Observation", Self.steps(9000, subject: "urn:uuid:n")),
            ]), headers: ["Prefer": "handling=lenient"])
            #expect(response.status == .ok, "\(response.bodyText)")
            #expect(Self.statuses(response) == ["201 Created", "422 Unprocessable Content", "422 Unprocessable Content",
                                                "201 Created"])
            let skipped = ((response.json["entry"] as? [[String: Any]])?[1]["response"] as? [String: Any])?["outcome"]
                as? [String: Any]
            let issue = (skipped?["issue"] as? [[String: Any]])?.first
            #expect(issue?["severity"] as? String == "warning")
            #expect((issue?["diagnostics"] as? String)?.hasPrefix("Skipped: ") == true)
            #expect(try await store.rowCounts()[.users] == 1)
            #expect(try await store.rowCounts()[.physicalActivity] == 1)
            var corpus = SchemaCorpus()
            corpus.add(response)
            #expect(try corpus.problems() == [])
        }
    }

    /// A lenient transaction does not read what it skips, but its JSON must still be JSON: 400, nothing written.
    @Test func aSkippedEntryOfMalformedJSONStillFailsTheBundle() async throws {
        try await TestGateway.run { client, store in
            let claim = #"{"resourceType":"Claim","status":"active","total":{"value":01}}"#
            let response = try await client.fhir(.post, "", body: Self.bundle("transaction", [
                Self.entry("POST", "Patient", Self.patient("New"), fullUrl: "urn:uuid:n"),
                Self.entry("POST", "Claim", claim),
            ]), headers: ["Prefer": "handling=lenient"])
            #expect(response.status == .badRequest, "\(response.bodyText)")
            #expect(response.firstIssue.diagnostics.contains("not valid JSON"), "\(response.bodyText)")
            #expect(try await store.rowCounts()[.users] == 0)
        }
    }

    @Test func deletesPostsPutsAndGetsRunInTheSpecsOrder() async throws {
        try await TestGateway.run { client, store in
            let keep = try await client.createSamplePatient()
            let drop = try await client.createSamplePatient("patient-birth-year.json")
            // Written in the reverse of the order they run in.
            let response = try await client.fhir(.post, "", body: Self.bundle("transaction", [
                Self.entry("GET", "Patient/\(keep)"),
                Self.entry("PUT", "Patient/\(keep)", Self.patient("Renamed", id: keep), ifMatch: "W/\"1\""),
                Self.entry("PUT", "Patient?identifier=\(Self.mrn)|MRN-NEW", Self.patient("Upserted", mrn: "MRN-NEW")),
                Self.entry("POST", "Patient", Self.patient("Posted")),
                Self.entry("DELETE", "Patient/\(drop)"),
                Self.entry("DELETE", "Patient/987654"),
                Self.entry("GET", "Patient/\(drop)"),
            ]))
            #expect(response.status == .ok, "\(response.bodyText)")
            // The GET of the Patient the transaction deleted answers 410 in its entry; the writes stand.
            #expect(Self.statuses(response) == ["200 OK", "200 OK", "201 Created", "201 Created", "200 OK", "200 OK",
                                                "410 Gone"])
            // The GET ran last: it sees the update.
            let read = (response.json["entry"] as? [[String: Any]])?[0]["resource"] as? [String: Any]
            #expect(((read?["name"] as? [[String: Any]])?.first?["family"] as? String) == "Renamed")
            #expect((read?["meta"] as? [String: Any])?["versionId"] as? String == "2")
            #expect(try await client.fhir(.get, "Patient/\(drop)").status == .gone)
            #expect(try await store.rowCounts()[.users] == 3)
            // The conditional update now matches: 200, the same Patient.
            let again = try await client.fhir(.post, "", body: Self.bundle("transaction", [
                Self.entry("PUT", "Patient?identifier=\(Self.mrn)|MRN-NEW", Self.patient("Upserted2", mrn: "MRN-NEW")),
            ]))
            #expect(Self.statuses(again) == ["200 OK"], "\(again.bodyText)")
            #expect(Self.locations(again)[0].hasPrefix(Self.locations(response)[2].components(separatedBy: "/_history")[0]))
            // A stale If-Match fails the whole transaction.
            let stale = try await client.fhir(.post, "", body: Self.bundle("transaction", [
                Self.entry("POST", "Patient", Self.patient("Never")),
                Self.entry("PUT", "Patient/\(keep)", Self.patient("Stale", id: keep), ifMatch: "W/\"1\""),
            ]))
            #expect(stale.status == .preconditionFailed, "\(stale.bodyText)")
            #expect(try await store.rowCounts()[.users] == 3)
        }
    }

    @Test func aBatchRunsEachEntryOnItsOwn() async throws {
        try await TestGateway.run { client, store in
            let patient = try await client.createSamplePatient()
            let response = try await client.fhir(.post, "", body: Self.bundle("batch", [
                Self.entry("POST", "Observation", Self.steps(7000, subject: "Patient/\(patient)")),
                Self.entry("POST", "Observation", Self.temperature(subject: "Patient/\(patient)")),
                Self.entry("POST", "Encounter", #"{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"}}"#),
                Self.entry("GET", "Patient/999"),
                Self.entry("POST", "Observation", Self.steps(7000, subject: "urn:uuid:elsewhere")),
                Self.entry("GET", "Patient/\(patient)"),
            ]))
            #expect(response.status == .ok, "\(response.bodyText)")
            #expect(response.json["type"] as? String == "batch-response")
            #expect(Self.statuses(response) == ["201 Created", "422 Unprocessable Content", "422 Unprocessable Content",
                                                "404 Not Found", "422 Unprocessable Content", "200 OK"])
            #expect(try await store.rowCounts()[.physicalActivity] == 1)
            var corpus = SchemaCorpus()
            corpus.add(response)
            #expect(try corpus.problems() == [])
            // The same in XML, valid against the official schema.
            let xml = try await client.fhir(.post, "", body: Self.bundle("batch", [Self.entry("GET", "Patient/\(patient)")]),
                                            headers: ["Accept": "application/fhir+xml"])
            #expect(xml.headers[.contentType]?.hasPrefix("application/fhir+xml") == true)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).xml")
            try Data(xml.body.readableBytesView).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            #expect(try FHIRXMLSchema.problems(in: [file]) == [])
            let metadata = try await client.fhir(.get, "metadata")
            let system = ((metadata.json["rest"] as? [[String: Any]])?.first?["interaction"] as? [[String: Any]] ?? [])
                .compactMap { $0["code"] as? String }
            #expect(system == ["transaction", "batch", "history-system"])
        }
    }

    /// `Samples/fhir/transaction-ehr.json`: an EHR's export of one patient as a transaction, with a
    /// resource type and codes the gateway does not map.
    @Test func theSampleEHRTransactionIsRefusedStrictlyAndStoredLeniently() async throws {
        try await TestGateway.run(maxBodySize: 1 << 20) { client, store in
            let json = try FHIRSamples.text("transaction-ehr.json")
            let strict = try await client.fhir(.post, "", body: json)
            #expect(strict.status == .unprocessableContent)
            let refused = strict.issues.compactMap { ($0["expression"] as? [String])?.first }
            #expect(refused.contains { $0.hasSuffix("].resource.code") } && refused.contains { !$0.contains(".resource.") })
            #expect(try await store.rowCounts()[.users] == 0)

            let xml = try await client.fhir(.post, "", body: try FHIRSamples.text("transaction-ehr.xml"),
                                            headers: ["Content-Type": "application/fhir+xml", "Prefer": "handling=lenient"])
            #expect(xml.status == .ok, "\(xml.bodyText)")
            let statuses = Self.statuses(xml)
            // Entries 0–19 (the Patient and the mapped Observations) stored; 20 (a body temperature) and 21
            // (an Encounter) skipped: the two entries the strict transaction refused.
            #expect(statuses == Array(repeating: "201 Created", count: 20) + ["422 Unprocessable Content",
                                                                             "422 Unprocessable Content"])
            #expect(Set(refused.compactMap { $0.split(separator: "]").first }) == ["Bundle.entry[20", "Bundle.entry[21"])
            #expect(try await store.rowCounts()[.users] == 1)
            let measurements = try await store.rowCounts().filter { $0.key != .users && $0.key != .userIdentifiers }
                .values.reduce(0, +)
            #expect(measurements == 19)
        }
    }

    static let errorCases: [(String, OutcomeCase)] = [
        (#"{"resourceType":"Bundle","type":"collection"}"#,
         OutcomeCase(path: "", status: .badRequest, diagnostics: "not 'collection'", expression: "Bundle.type")),
        (#"{"resourceType":"Patient"}"#,
         OutcomeCase(path: "", status: .badRequest, diagnostics: "the URL names Bundle", expression: "resourceType")),
        (bundle("transaction", [#"{"resource":\#(patient("X"))}"#]),
         OutcomeCase(path: "", status: .badRequest, diagnostics: "needs request.method and request.url",
                     expression: "Bundle.entry[0].request")),
        (bundle("transaction", [entry("PATCH", "Patient/1")]),
         OutcomeCase(path: "", status: .badRequest, diagnostics: "PATCH is not supported in a Bundle",
                     expression: "Bundle.entry[0].request.method")),
        (bundle("transaction", [entry("POST", "Patient/1", patient("X"))]),
         OutcomeCase(path: "", status: .badRequest, diagnostics: "POST creates", expression: "Bundle.entry[0].request.url")),
        (bundle("transaction", [entry("POST", "Observation", patient("X"))]),
         OutcomeCase(path: "", status: .badRequest, diagnostics: "The entry's resource is a Patient; request.url names Observation",
                     expression: "Bundle.entry[0].resource")),
        (bundle("transaction", [entry("GET", "Patient?name=x")]),
         OutcomeCase(path: "", status: .badRequest, diagnostics: "a search is supported only in a conditional update",
                     expression: "Bundle.entry[0].request.url")),
        (bundle("transaction", [entry("POST", "Patient", patient("A"), fullUrl: "urn:uuid:a"),
                                entry("POST", "Patient", patient("B"), fullUrl: "urn:uuid:a")]),
         OutcomeCase(path: "", status: .badRequest, diagnostics: "has the fullUrl of Bundle.entry[0]",
                     expression: "Bundle.entry[1].fullUrl")),
        (bundle("transaction", [entry("PUT", "Patient?identifier=\(mrn)|M1", patient("A", mrn: "M2"))]),
         OutcomeCase(path: "", status: .badRequest, diagnostics: "must carry the identifier it matches on",
                     expression: "Bundle.entry[0].resource.identifier")),
    ]

    @Test func malformedBundlesAreRefusedWithTheEntryNamed() async throws {
        try await TestGateway.run { client, store in
            for (body, test) in Self.errorCases {
                test.check(try await client.fhir(.post, "", body: body))
            }
            #expect(try await store.rowCounts()[.users] == 0)
        }
    }
}
