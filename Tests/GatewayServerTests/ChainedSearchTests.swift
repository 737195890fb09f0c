import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Chained and reverse-chained search (issue 21, http://hl7.org/fhir/R4/search.html#chaining and #has):
/// Observations by their Patient's name, birth date, gender, identifier or id; Patients by their
/// Observations, for cohort questions ("patients with an HbA1c above 7%").
@Suite struct ChainedSearchTests {
    static func patient(_ family: String, given: String, birthDate: String, gender: String, mrn: String) -> String {
        #"{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"\#(mrn)"}],"name":[{"family":"\#(family)","given":["\#(given)"]}],"gender":"\#(gender)","birthDate":"\#(birthDate)"}"#
    }

    static func hba1c(_ value: Double, patient: String, day: Int) -> String {
        #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"4548-4"}]},"subject":{"reference":"Patient/\#(patient)"},"effectiveDateTime":"2026-11-0\#(day)T08:00:00+01:00","valueQuantity":{"value":\#(value),"unit":"%","system":"http://unitsofmeasure.org","code":"%"}}"#
    }

    static func heartRate(_ value: Int, patient: String) -> String {
        #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/\#(patient)"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":\#(value),"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"#
    }

    /// Three patients: Silva (HbA1c 6.1 then 7.4, a heart rate of 88), Costa (HbA1c 6.8, born 1950),
    /// Sousa (a heart rate of 61 only). Returns their ids.
    static func cohort(_ client: some TestClientProtocol) async throws -> (silva: String, costa: String, sousa: String) {
        var ids: [String] = []
        for body in [patient("Silva", given: "Ana", birthDate: "1984-03-09", gender: "female", mrn: "C-1"),
                     patient("Costa", given: "Rui", birthDate: "1950-07-01", gender: "male", mrn: "C-2"),
                     patient("Sousa", given: "Eva", birthDate: "1991-12-24", gender: "female", mrn: "C-3")] {
            let created = try await client.fhir(.post, "Patient", body: body)
            ids.append(try #require(created.json["id"] as? String))
        }
        for body in [hba1c(6.1, patient: ids[0], day: 1), hba1c(7.4, patient: ids[0], day: 5), heartRate(88, patient: ids[0]),
                     hba1c(6.8, patient: ids[1], day: 2), heartRate(61, patient: ids[2])] {
            #expect(try await client.fhir(.post, "Observation", body: body).status == .created)
        }
        return (ids[0], ids[1], ids[2])
    }

    static func ids(_ response: TestResponse) -> [String] {
        (response.json["entry"] as? [[String: Any]] ?? []).compactMap { ($0["resource"] as? [String: Any])?["id"] as? String }
    }

    static func subjects(_ response: TestResponse) -> Set<String> {
        Set((response.json["entry"] as? [[String: Any]] ?? []).compactMap {
            (($0["resource"] as? [String: Any])?["subject"] as? [String: Any])?["reference"] as? String
        })
    }

    @Test func observationsByTheirPatientsNameBirthDateGenderIdentifierAndID() async throws {
        try await TestGateway.run { client, _ in
            let (silva, costa, sousa) = try await Self.cohort(client)
            let cases: [(String, Set<String>)] = [
                ("patient.family=silva", ["Patient/\(silva)"]),
                ("subject:Patient.name=ru", ["Patient/\(costa)"]),
                ("patient.given:exact=Eva", ["Patient/\(sousa)"]),
                ("subject.birthdate=lt1960", ["Patient/\(costa)"]),
                ("patient.gender=female", ["Patient/\(silva)", "Patient/\(sousa)"]),
                ("patient.identifier=urn:mrn|C-2", ["Patient/\(costa)"]),
                ("patient._id=\(sousa)", ["Patient/\(sousa)"]),
                ("patient.family=silva,costa&code=4548-4", ["Patient/\(silva)", "Patient/\(costa)"]),
                ("patient.family=nobody", []),
            ]
            for (query, expected) in cases {
                let found = try await client.fhir(.get, "Observation?\(query)")
                #expect(found.status == .ok && Self.subjects(found) == expected, "\(query): \(found.bodyText)")
            }
            let paged = try await client.fhir(.get, "Observation?patient.gender=female&_count=1")
            let next = try #require((paged.json["link"] as? [[String: Any]])?.first { $0["relation"] as? String == "next" }?["url"] as? String)
            #expect(next.contains("patient.gender=female"), "the chain stays in the paging links")
        }
    }

    @Test func patientsByTheirObservations() async throws {
        try await TestGateway.run { client, _ in
            let (silva, costa, sousa) = try await Self.cohort(client)
            let cases: [(String, [String])] = [
                ("_has:Observation:patient:code=4548-4", [silva, costa]),
                ("_has:Observation:patient:code=4548-4&_has:Observation:patient:value-quantity=gt7", [silva]),
                ("_has:Observation:subject:code=8867-4&gender=female", [silva, sousa]),
                ("_has:Observation:patient:value-quantity=gt80&_has:Observation:patient:code=8867-4", [silva]),
                ("_has:Observation:patient:date=2026-11-02", [costa]),
                ("_has:Observation:patient:category=laboratory&birthdate=lt1960", [costa]),
                ("_has:Observation:patient:code=2339-0", []),
            ]
            for (query, expected) in cases {
                let found = try await client.fhir(.get, "Patient?\(query)&_sort=_id")
                #expect(found.status == .ok && Self.ids(found) == expected, "\(query): \(found.bodyText)")
            }
            OutcomeCase(path: "", status: .badRequest, diagnostics: "not a reverse chain the server supports",
                        expression: "_has:Encounter:patient:code").check(try await client.fhir(.get, "Patient?_has:Encounter:patient:code=x"))
        }
    }
}
