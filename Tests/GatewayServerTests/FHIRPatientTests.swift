import Foundation
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

@Suite struct FHIRPatientTests {
    @Test func aPatientIsCreatedReadUpdatedAndDeleted() async throws {
        try await TestGateway.run { client, store in
            let created = try await client.fhir(.post, "Patient", body: try FHIRSamples.text("patient.json"))
            #expect(created.status == .created)
            #expect(created.headers[.contentType] == "application/fhir+json; fhirVersion=4.0")
            let id = try #require(created.json["id"] as? String)
            #expect(created.headers[.location]?.hasSuffix("/fhir/Patient/\(id)/_history/1") == true)
            #expect(created.headers[.eTag] == "W/\"1\"")
            #expect(created.headers[.lastModified]?.hasSuffix(" GMT") == true)
            let name = (created.json["name"] as? [[String: Any]])?.first
            #expect(name?["family"] as? String == "Okafor")
            #expect(created.json["birthDate"] as? String == "1979-06-02")
            let identifiers = created.json["identifier"] as? [[String: Any]] ?? []
            #expect(identifiers.contains { $0["value"] as? String == "MRN-480113" })
            #expect(created.headers[values: .init("Warning")!].contains { $0.contains("Patient.identifier[0]") },
                    "the identifier's type is not stored, and the client is told")

            let read = try await client.fhir(.get, "Patient/\(id)")
            #expect(read.status == .ok)
            #expect(read.bodyText == created.bodyText)
            #expect(read.headers[.eTag] == "W/\"1\"")

            var changed = created.json
            changed["birthDate"] = "1979-06-03"
            let body = String(decoding: try JSONSerialization.data(withJSONObject: changed), as: UTF8.self)
            let updated = try await client.fhir(.put, "Patient/\(id)", body: body, headers: ["If-Match": "W/\"1\""])
            #expect(updated.status == .ok)
            #expect(updated.headers[.eTag] == "W/\"2\"")
            #expect(updated.json["birthDate"] as? String == "1979-06-03")
            #expect((updated.json["meta"] as? [String: Any])?["versionId"] as? String == "2")

            let stale = try await client.fhir(.put, "Patient/\(id)", body: body, headers: ["If-Match": "W/\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.firstIssue.diagnostics == "If-Match names version 1; the current version is 2")
            #expect(try await store.user(id: Int64(id) ?? 0)?.meta.version == 2)

            let deleted = try await client.fhir(.delete, "Patient/\(id)")
            #expect(deleted.status == .ok)
            #expect(deleted.firstIssue.diagnostics == "Deleted Patient/\(id) and all its Observations")
            let gone = try await client.fhir(.get, "Patient/\(id)")
            #expect(gone.status == .gone)
            #expect(gone.firstIssue.code == "deleted")
            let again = try await client.fhir(.delete, "Patient/\(id)", headers: ["Prefer": "return=minimal"])
            #expect(again.status == .noContent, "delete is idempotent")
        }
    }

    /// http://hl7.org/fhir/R4/http.html#upsert: a PUT to an id no Patient ever had creates it.
    @Test func updateCreatesAPatientWithAnIdNeverUsed() async throws {
        try await TestGateway.run { client, _ in
            let body = try FHIRSamples.text("patient.json")
                .replacingOccurrences(of: "\"resourceType\": \"Patient\",", with: "\"resourceType\": \"Patient\", \"id\": \"777\",")
            let created = try await client.fhir(.put, "Patient/777", body: body)
            #expect(created.status == .created)
            #expect(created.headers[.location]?.hasSuffix("/fhir/Patient/777/_history/1") == true)
            let updated = try await client.fhir(.put, "Patient/777", body: body)
            #expect(updated.status == .ok)
            #expect(updated.headers[.eTag] == "W/\"2\"")
            let next = try await client.fhir(.post, "Patient", body: try FHIRSamples.text("patient-birth-year.json"))
            #expect(next.json["id"] as? String == "778", "server ids continue after the chosen one")
            #expect(try await client.fhir(.delete, "Patient/777").status == .ok)
            let recreated = try await client.fhir(.put, "Patient/777", body: body)
            #expect(recreated.status == .gone)
            #expect(recreated.firstIssue.diagnostics == "Patient/777 was deleted; its id is not given to another Patient")
            let named = try await client.fhir(.put, "Patient/ann", body: body.replacingOccurrences(of: "\"777\"", with: "\"ann\""))
            #expect(named.status == .badRequest)
            #expect(named.firstIssue.expression == "Patient.id")
        }
    }

    /// http://hl7.org/fhir/R4/http.html#ccreate: the match happens inside the store's transaction.
    @Test func concurrentConditionalCreatesMakeOnePatient() async throws {
        try await TestGateway.run { client, store in
            let body = try FHIRSamples.text("patient.json")
            let condition = "identifier=urn:oid:2.16.840.1.113883.3.9999.1|MRN-480113"
            let responses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let response = try await client.fhir(.post, "Patient", body: body, headers: ["If-None-Exist": condition])
                        return (Int(response.status.code), response.json["id"] as? String ?? "")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.filter { $0.0 == 201 }.count == 1, "\(responses)")
            #expect(responses.filter { $0.0 == 200 }.count == 7, "\(responses)")
            #expect(Set(responses.map(\.1)).count == 1, "every answer names the same Patient")
            #expect(try await store.rowCounts()[.users] == 1)
        }
    }

    @Test func preferDecidesWhatAWriteReturns() async throws {
        try await TestGateway.run { client, _ in
            let body = try FHIRSamples.text("patient-birth-year.json")
            let minimal = try await client.fhir(.post, "Patient", body: body, headers: ["Prefer": "return=minimal"])
            #expect(minimal.status == .created)
            #expect(minimal.bodyText.isEmpty)
            #expect(minimal.headers[.location] != nil)
            let patient = try await client.fhir(.get, "Patient/\(minimal.headers[.location]?.split(separator: "/").dropLast(2).last ?? "")")
            #expect(patient.json["birthDate"] as? String == "1958", "a date keeps its precision")

            let outcome = try await client.fhir(.post, "Patient", body: try FHIRSamples.text("patient.json"),
                                                headers: ["Prefer": "return=OperationOutcome"])
            #expect(outcome.status == .created)
            #expect(outcome.json["resourceType"] as? String == "OperationOutcome")
            #expect(outcome.issues.contains { $0["severity"] as? String == "warning"
                && ($0["expression"] as? [String]) == ["Patient.identifier[0]"] })
        }
    }

    /// Everything an official example carries that the users table cannot hold is named, not dropped.
    @Test func elementsThatCannotBeStoredAreReportedAsWarnings() async throws {
        try await TestGateway.run { client, _ in
            let body = try String(contentsOf: FHIRSamples.examples.appendingPathComponent("patient-example.json"),
                                  encoding: .utf8)
            let response = try await client.fhir(.post, "Patient", body: body, headers: ["Prefer": "return=OperationOutcome"])
            #expect(response.status == .created)
            let expressions = Set(response.issues.compactMap { ($0["expression"] as? [String])?.first })
            for expected in ["Patient.address", "Patient.contact", "Patient.managingOrganization", "Patient.deceasedBoolean",
                             "Patient.name[1]", "Patient.birthDate.extension", "Patient.active"] {
                #expect(expressions.contains(expected), "\(expected) in \(expressions)")
            }
        }
    }

    @Test func deletingAPatientDeletesItsObservations() async throws {
        try await TestGateway.run { client, _ in
            let id = try await client.createSamplePatient()
            let observation = try await client.fhir(.post, "Observation",
                                                    body: try FHIRSamples.observation("observation-heart-rate.json", patient: id))
            let observationID = try #require(observation.json["id"] as? String)
            #expect(try await client.fhir(.delete, "Patient/\(id)").status == .ok)
            #expect(try await client.fhir(.get, "Observation/\(observationID)").status == .gone)
        }
    }
}
