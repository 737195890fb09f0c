import Foundation
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import Store
import StoreSQLite
import Testing

/// Real data shares identifiers and emails between people (issue 21): nobody is lost over it, and a
/// conditional interaction that matches more than one Patient answers 412 with the number of matches
/// (http://hl7.org/fhir/R4/http.html#ccreate, #cond-update).
@Suite struct SharedIdentifierTests {
    static let licence = #"{"system":"urn:oid:2.16.840.1.113883.4.3.25","value":"S99912345","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"DL"}]}}"#
    static let condition = "identifier=urn:oid:2.16.840.1.113883.4.3.25|S99912345"

    static func patient(_ family: String, id: String? = nil, mrn: String? = nil, email: String = "family@example.org") -> String {
        let idField = id.map { #""id":"\#($0)","# } ?? ""
        let record = mrn.map { #",{"system":"urn:mrn","value":"\#($0)","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]}}"# } ?? ""
        return #"{"resourceType":"Patient",\#(idField)"identifier":[\#(licence)\#(record)],"name":[{"family":"\#(family)"}],"telecom":[{"system":"email","value":"\#(email)"}]}"#
    }

    static func heartRate(_ value: Int, subject: String) -> String {
        #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"\#(subject)"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":\#(value),"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"#
    }

    /// Checks a 412 for two matches, located at `expression`.
    static func expectTwoMatches(_ response: TestResponse, at expression: String, sourceLocation: SourceLocation = #_sourceLocation) {
        OutcomeCase(path: "", status: .preconditionFailed, diagnostics: "2 Patients have the identifier "
                    + "urn:oid:2.16.840.1.113883.4.3.25|S99912345", expression: expression).check(response, sourceLocation: sourceLocation)
        #expect(response.firstIssue.code == "multiple-matches", sourceLocation: sourceLocation)
    }

    @Test func twoPeopleWithOneLicenceAndOneEmailAreBothStored() async throws {
        try await TestGateway.run { client, store in
            let first = try await client.fhir(.post, "Patient", body: Self.patient("Silva"))
            let second = try await client.fhir(.post, "Patient", body: Self.patient("Costa"))
            #expect(first.status == .created && second.status == .created, "\(second.bodyText)")
            #expect(first.json["id"] as? String != second.json["id"] as? String)
            let found = try await client.fhir(.get, "Patient?\(Self.condition)&_total=accurate")
            #expect(found.json["total"] as? Int == 2, "\(found.bodyText)")
            let byEmail = try await client.fhir(.get, "Patient?email=FAMILY@example.org")
            #expect((byEmail.json["entry"] as? [Any])?.count == 2)
            #expect(try await store.rowCounts()[.users] == 2)
        }
    }

    @Test func conditionalInteractionsThatMatchTwoPatientsAnswer412AndWriteNothing() async throws {
        try await TestGateway.run { client, store in
            for family in ["Silva", "Costa"] {
                #expect(try await client.fhir(.post, "Patient", body: Self.patient(family)).status == .created)
            }
            let before = try await store.rowCounts()
            let create = try await client.fhir(.post, "Patient", body: Self.patient("Third"), headers: ["If-None-Exist": Self.condition])
            Self.expectTwoMatches(create, at: "Patient.identifier")
            let update = try await client.fhir(.put, "Patient?\(Self.condition)", body: Self.patient("Third"))
            Self.expectTwoMatches(update, at: "Patient.identifier")
            let reference = "Patient?\(Self.condition)"
            let observation = try await client.fhir(.post, "Observation", body: Self.heartRate(61, subject: reference))
            Self.expectTwoMatches(observation, at: "Observation.subject")
            let bundle = #"{"resourceType":"Bundle","type":"transaction","entry":[{"resource":\#(Self.heartRate(62, subject: reference)),"request":{"method":"POST","url":"Observation"}}]}"#
            let transaction = try await client.fhir(.post, "", body: bundle)
            #expect(transaction.status == .preconditionFailed, "\(transaction.bodyText)")
            #expect(transaction.firstIssue.diagnostics.contains("Bundle.entry[0]: 2 Patients have the identifier"))
            #expect(try await store.rowCounts() == before)
        }
    }

    @Test func aConditionalUpdateCreatesThenReplacesItsOneMatch() async throws {
        try await TestGateway.run { client, store in
            let created = try await client.fhir(.put, "Patient?\(Self.condition)", body: Self.patient("Silva"))
            #expect(created.status == .created, "\(created.bodyText)")
            let id = try #require(created.json["id"] as? String)
            let replaced = try await client.fhir(.put, "Patient?\(Self.condition)", body: Self.patient("Souza"))
            #expect(replaced.status == .ok && replaced.json["id"] as? String == id, "\(replaced.bodyText)")
            #expect(replaced.headers[.eTag] == "W/\"2\"")
            let wrongID = Self.patient("Souza", id: "999")
            OutcomeCase(path: "", status: .badRequest, diagnostics: "is not the id of the one Patient the condition matches",
                        expression: "Patient.id").check(try await client.fhir(.put, "Patient?\(Self.condition)", body: wrongID))
            let rightID = try await client.fhir(.put, "Patient?\(Self.condition)", body: Self.patient("Sousa", id: id))
            #expect(rightID.status == .ok, "\(rightID.bodyText)")
            OutcomeCase(path: "", status: .badRequest, diagnostics: "A conditional update supports one parameter",
                        expression: nil).check(try await client.fhir(.put, "Patient?name=Silva", body: Self.patient("X")))
            #expect(try await store.rowCounts()[.users] == 1)
        }
    }

    /// `$import` matches each person to themselves: by the source's own id first, then by the
    /// identifiers it marks as record numbers (MR), never by a shared licence.
    @Test func anImportKeepsPeopleWhoShareIdentifiersApartAndReimportsIdempotently() async throws {
        let folder = try ImportJobTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let lines = [
            Self.patient("Silva", id: "ehr-1", mrn: "M-1"),
            Self.patient("Costa", id: "ehr-2", mrn: "M-1"),  // a data-entry error: the same record number
            Self.heartRate(61, subject: "Patient/ehr-1"),
            Self.heartRate(72, subject: "Patient/ehr-2"),
            Self.heartRate(80, subject: "Patient?\(Self.condition)"),  // names two people: this line fails alone
        ]
        let file = folder.appendingPathComponent("shared.ndjson")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let first = try await ImportJobTests.run(file, on: store, folder: folder, chunkSize: 2)
        #expect(first.counts.total(of: "Patient").imported == 2)
        #expect(first.counts.total(of: "Observation").imported == 2)
        #expect(first.counts.total.failed == 1)
        let errors = try ImportJobTests.lines(ImportJobs(store: store, folder: folder).errorFile(first.id))
        #expect(errors.count == 1 && errors[0].contains("2 Patients have the identifier"), "\(errors)")
        let owners = try await store.searchMeasurements(
            MeasurementSearch(arms: [MeasurementArm(table: .vitalSigns, tag: 0, conditions: [])]), page: SearchPageRequest(limit: 10))
        #expect(Set(owners.hits.map(\.item.row.userID)).count == 2, "each heart rate went to its own person")

        let second = try await ImportJobTests.run(file, on: store, folder: folder)
        #expect(second.counts.total(of: "Patient").unchanged == 2, "\(second.counts)")
        #expect(second.counts.total(of: "Observation").unchanged == 2)
        #expect(try await store.rowCounts()[.users] == 2)
        #expect(try await store.rowCounts()[.vitalSigns] == 2)
    }
}
