import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Interactions
import Mapping
import NativeModel
import Store
import StoreSQLite
import Terminology
import Testing

/// Values no measurement can have, sent through every way data comes in: each must be a clear 4xx
/// that names the element or field, never a crash, a 500 or a half-written record. One request of
/// `1e19` steps used to kill the whole server (a trapping `Double` → `Int` conversion).
@Suite struct ExtremeValueTests {
    /// Numbers far outside every measure's plausible range, and outside what a double or an `Int` holds.
    static let huge = [
        "1e19", "-1e19", "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "1" + String(repeating: "0", count: 40),
        "1e308", "-1e308", "123456789012345678901234567890.5",
    ]
    /// Numbers that read as zero, or as the smallest doubles.
    static let tiny = ["-0", "1e-400", "4.9e-324", "0.000000000000000000000000000001"]

    /// Every measure the gateway maps, by its sample Observation (`Samples/fhir/observation-<measure>.json`).
    static let measures: [Measure] = Measure.allCases.filter { $0 != .systolicBloodPressure && $0 != .diastolicBloodPressure }

    /// Where the value sits in the sample of `measure`: the systolic component for a blood pressure.
    static func valuePath(_ measure: Measure) -> String {
        measure == .bloodPressure ? "Observation.component[0].valueQuantity.value" : "Observation.valueQuantity.value"
    }

    /// The sample Observation of `measure` about `patient`, with its (first) value replaced by `value`
    /// as written, in JSON or XML, and with `id` when given.
    static func observation(_ measure: Measure, value: String, patient: String, xml: Bool = false, id: String? = nil)
        throws -> String
    {
        var text = try FHIRSamples.text("observation-\(measure.rawValue).\(xml ? "xml" : "json")")
            .replacingOccurrences(of: "Patient/1\"", with: "Patient/\(patient)\"")
        let pattern = xml ? #"<value value="[-0-9.eE+]+"/>"# : #""value": [-0-9.eE+]+"#
        let range = try #require(text.range(of: pattern, options: .regularExpression))
        text.replaceSubrange(range, with: xml ? #"<value value="\#(value)"/>"# : #""value": \#(value)"#)
        if let id {
            text = xml ? text.replacingOccurrences(of: "<Observation xmlns=\"http://hl7.org/fhir\">",
                                                   with: "<Observation xmlns=\"http://hl7.org/fhir\"><id value=\"\(id)\"/>")
                : text.replacingOccurrences(of: "\"resourceType\": \"Observation\",",
                                            with: "\"resourceType\": \"Observation\", \"id\": \"\(id)\",")
        }
        return text
    }

    static func bundle(_ type: String, _ resource: String) -> String {
        #"{"resourceType":"Bundle","type":"\#(type)","entry":[{"request":{"method":"POST","url":"Observation"},"resource":\#(resource)}]}"#
    }

    /// Every write path of the FHIR API refuses the value with 422 and the element's path, and leaves
    /// what was stored as it was.
    @Test(arguments: measures, huge)
    func aHugeValueIsRefusedByNameOnEveryFHIRWritePath(_ measure: Measure, _ value: String) async throws {
        try await TestGateway.run { client, store in
            let patient = try await client.createSamplePatient()
            let original = try await client.fhir(.post, "Observation",
                                                 body: try FHIRSamples.observation("observation-\(measure.rawValue).json", patient: patient))
            #expect(original.status == .created, "\(original.bodyText)")
            let id = try #require(original.json["id"] as? String)
            let counts = try await store.rowCounts()
            let path = Self.valuePath(measure)

            let json = try await client.fhir(.post, "Observation", body: try Self.observation(measure, value: value, patient: patient))
            Self.expectRefused(json, at: path, "JSON create")
            let xml = try await client.execute(
                uri: "/fhir/Observation", method: .post, headers: [.contentType: "application/fhir+xml", .accept: "application/fhir+json"],
                body: ByteBuffer(string: try Self.observation(measure, value: value, patient: patient, xml: true)))
            Self.expectRefused(xml, at: path, "XML create")
            let update = try await client.fhir(.put, "Observation/\(id)",
                                               body: try Self.observation(measure, value: value, patient: patient, id: id))
            Self.expectRefused(update, at: path, "update")
            let transaction = try await client.fhir(.post, "", body: Self.bundle("transaction",
                                                                                 try Self.observation(measure, value: value, patient: patient)))
            #expect(transaction.status == .unprocessableContent, "transaction: \(transaction.bodyText)")
            #expect(transaction.firstIssue.diagnostics.hasPrefix("Bundle.entry[0]: "), "\(transaction.bodyText)")
            let batch = try await client.fhir(.post, "", body: Self.bundle("batch", try Self.observation(measure, value: value, patient: patient)))
            #expect(batch.status == .ok, "batch: \(batch.bodyText)")
            let entry = (batch.json["entry"] as? [[String: Any]])?.first
            let response = entry?["response"] as? [String: Any]
            #expect((response?["status"] as? String)?.hasPrefix("422") == true, "batch: \(batch.bodyText)")

            #expect(try await store.rowCounts() == counts, "nothing was written")
            let stored = try await client.fhir(.get, "Observation/\(id)")
            #expect((stored.json["meta"] as? [String: Any])?["versionId"] as? String == "1", "the stored Observation is unchanged")
        }
    }

    static func expectRefused(_ response: TestResponse, at path: String, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .unprocessableContent, "\(what): \(response.bodyText)", sourceLocation: sourceLocation)
        #expect(response.json["resourceType"] as? String == "OperationOutcome", sourceLocation: sourceLocation)
        #expect(response.issues.contains { ($0["expression"] as? [String])?.first == path }, "\(what): \(response.bodyText)",
                sourceLocation: sourceLocation)
        #expect(response.bodyText.contains("plausible range") || response.bodyText.contains("finite"),
                "\(what): \(response.bodyText)", sourceLocation: sourceLocation)
    }

    /// Values that read as zero are stored where zero is plausible (an idle day's steps) and refused by
    /// name where it is not (a glucose of zero, a night of no sleep in a period of eight hours).
    @Test(arguments: measures, tiny)
    func aValueThatReadsAsZeroIsStoredOnlyWhereZeroIsPlausible(_ measure: Measure, _ value: String) async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let response = try await client.fhir(.post, "Observation", body: try Self.observation(measure, value: value, patient: patient))
            let zeroFits = MeasureRows.plausibleRange(of: measure).bounds.contains(0) && measure != .sleepDuration
            if zeroFits {
                #expect(response.status == .created, "\(response.bodyText)")
            } else {
                #expect(response.status == .unprocessableContent, "\(response.bodyText)")
                #expect(response.issues.contains { ($0["expression"] as? [String])?.first == Self.valuePath(measure) },
                        "\(response.bodyText)")
            }
        }
    }

    /// In `$import`, each such line fails on its own with the element named; the job goes on and the
    /// good line after them is imported.
    @Test(arguments: huge)
    func anImportFailsTheLineAndGoesOn(_ value: String) async throws {
        try await TestGateway.run { client, store in
            let patient = try await client.createSamplePatient()
            var lines = try Self.measures.map { measure in
                try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(
                    with: Data(try Self.observation(measure, value: "1", patient: patient).utf8)))
            }.map { String(decoding: $0, as: UTF8.self) }
            for (index, measure) in Self.measures.enumerated() {
                lines[index] = lines[index].replacingOccurrences(of: #""value":1"#, with: #""value":\#(value)"#)
                #expect(lines[index].contains(value), "\(measure)")
            }
            lines.append(try Self.observation(.steps, value: "8000", patient: patient).replacingOccurrences(of: "\n", with: ""))
            let accepted = try await ImportAPITests.kickOff(client, Array((lines.joined(separator: "\n") + "\n").utf8))
            #expect(accepted.status == .accepted, "\(accepted.bodyText)")
            let done = try await ImportAPITests.finish(client, try #require(accepted.headers[.contentLocation]))
            let manifest = try JSONDecoder().decode(ImportManifest.self, from: Data(done.body.readableBytesView))
            #expect(manifest.status == "completed")
            #expect(manifest.output.reduce(0) { $0 + $1.failed } == Self.measures.count, "\(done.bodyText)")
            #expect(manifest.output.reduce(0) { $0 + $1.imported } == 1, "\(done.bodyText)")
            #expect(try await store.rowCounts()[.physicalActivity] == 1)
            let errorURL = try #require(manifest.error.first?.url)
            let errors = try await client.execute(uri: String(errorURL.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" })),
                                                  method: .get)
            for measure in Self.measures {
                #expect(errors.bodyText.contains(Self.valuePath(measure)), "\(measure): \(errors.bodyText)")
            }
        }
    }

    /// The native API: every numeric field of every table, in the native error shape that names it.
    static let nativeFields: [(path: String, body: @Sendable (String) -> String, field: String)] = [
        ("activities", { #"{"start":"2026-11-01T00:00:00+01:00","end":"2026-11-02T00:00:00+01:00","steps":\#($0)}"# }, "steps"),
        ("activities", { #"{"start":"2026-11-01T00:00:00+01:00","end":"2026-11-02T00:00:00+01:00","distance_m":\#($0)}"# }, "distance_m"),
        ("activities", { #"{"start":"2026-11-01T00:00:00+01:00","end":"2026-11-02T00:00:00+01:00","active_minutes":\#($0)}"# },
         "active_minutes"),
        ("activities", { #"{"start":"2026-11-01T00:00:00+01:00","end":"2026-11-02T00:00:00+01:00","energy_kcal":\#($0)}"# }, "energy_kcal"),
        ("sleep", { #"{"start":"2026-11-01T23:10:00+01:00","end":"2026-11-02T06:40:00+01:00","deep_minutes":\#($0)}"# }, "deep_minutes"),
        ("blood-tests", { #"{"measured_at":"2026-11-03T08:05:00+01:00","analyte":"glucose","value":\#($0),"unit":"mg/dL"}"# }, "value"),
        ("vitals", { #"{"measured_at":"2026-11-03T07:30:00+01:00","kind":"heart_rate","value":\#($0)}"# }, "value"),
        ("vitals", { #"{"measured_at":"2026-11-03T07:30:00+01:00","kind":"blood_pressure","systolic":\#($0),"diastolic":80}"# }, "systolic"),
        ("vitals", { #"{"measured_at":"2026-11-03T07:30:00+01:00","kind":"blood_pressure","systolic":120,"diastolic":\#($0)}"# }, "diastolic"),
    ]

    @Test(arguments: huge)
    func theNativeAPIRefusesEveryHugeValueByField(_ value: String) async throws {
        try await TestGateway.run { client, store in
            let user = try await client.send(.post, "/api/v1/users", json: Bodies.user)
            let id = try #require(user.json["id"] as? Int)
            for (path, body, field) in Self.nativeFields {
                let response = try await client.send(.post, "/api/v1/users/\(id)/\(path)", json: body(value))
                #expect([.badRequest, .unprocessableContent].contains(response.status), "\(path) \(field): \(response.bodyText)")
                #expect(response.error["field"] as? String == field, "\(path) \(field): \(response.bodyText)")
            }
            #expect(try await store.rowCounts().filter { ![.users, .userIdentifiers].contains($0.key) }.values.allSatisfy { $0 == 0 })
        }
    }

    /// Search values and operation parameters out of every range: 400 with the parameter named.
    static let parameterCases: [OutcomeCase] = [
        OutcomeCase(path: "Observation?value-quantity=gt1e400", status: .badRequest, diagnostics: "is not a number",
                    expression: "value-quantity"),
        OutcomeCase(path: "Observation?value-quantity=-1e400", status: .badRequest, diagnostics: "is not a number",
                    expression: "value-quantity"),
        OutcomeCase(path: "Observation?date=ge99999", status: .badRequest, diagnostics: "is not a date", expression: "date"),
        OutcomeCase(path: "Observation?date=ap0000-01-01", status: .badRequest, diagnostics: "is not a date", expression: "date"),
        OutcomeCase(path: "Observation?date=2026-11-10T24:00:00Z", status: .badRequest, diagnostics: "is not a date",
                    expression: "date"),
        OutcomeCase(path: "Observation?date=2026-11-10T08:00:00+15:00", status: .badRequest, diagnostics: "is not a date",
                    expression: "date"),
        OutcomeCase(path: "Patient?birthdate=" + String(repeating: "9", count: 400), status: .badRequest,
                    diagnostics: "is not a date", expression: "birthdate"),
        OutcomeCase(path: "Observation?_count=99999999999999999999", status: .badRequest, diagnostics: "is not a page size",
                    expression: "_count"),
        OutcomeCase(path: "Patient/1/$health-score?days=99999999999999999999", status: .badRequest,
                    diagnostics: "must be a whole number from 1 to 366", expression: "days"),
        OutcomeCase(path: "Patient/1/$health-score?days=1e3", status: .badRequest,
                    diagnostics: "must be a whole number from 1 to 366", expression: "days"),
        OutcomeCase(path: "Patient/1/$health-score?start=0001-01-01&end=9999-12-31", status: .badRequest,
                    diagnostics: "span at most 366 days", expression: "end"),
        OutcomeCase(path: "Patient/1/$health-score?asOf=99999-01-01", status: .badRequest, diagnostics: "is not a date",
                    expression: "asOf"),
        OutcomeCase(path: "Observation/$lastn?patient=1&max=99999999999999999999", status: .badRequest, diagnostics: "max",
                    expression: "max"),
    ]

    @Test(arguments: parameterCases)
    func outOfRangeParametersAreRefusedByName(_ test: OutcomeCase) async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            test.check(try await client.fhir(.get, test.path))
        }
    }

    /// Dates at the ends of what FHIR can write still give an answer: a search, a score or a refusal,
    /// never a 500.
    @Test(arguments: [
        "Observation?date=ap0001-01-01T00:00:00+14:00", "Observation?date=ap9999-12-31T23:59:59-14:00",
        "Observation?date=sa9999", "Observation?date=eb0001", "Observation?_lastUpdated=ap0001",
        "Observation?value-quantity=ap1e308", "Observation?value-quantity=-0", "Patient?birthdate=ap0001",
        "Patient/1/$health-score?asOf=0001-01-01", "Patient/1/$health-score?asOf=9999-12-31T23:59:59-14:00",
        "Patient/1/$health-score?start=0001-01-01&end=0001-12-31", "Observation/$stats?code=2339-0&date=ap0001-01-01",
        "Observation/_history?_since=0001-01-01T00:00:00Z", "_history?_at=9999-12-31T23:59:59Z",
    ])
    func datesAtTheEndsOfTimeGetAnAnswer(_ path: String) async throws {
        try await TestGateway.run { client, store in
            try await SearchFixtures.load(store)
            let response = try await client.fhir(.get, path)
            #expect(response.status.code < 500, "\(response.bodyText)")
            #expect(response.json["resourceType"] != nil, "\(response.bodyText)")
        }
    }
}
