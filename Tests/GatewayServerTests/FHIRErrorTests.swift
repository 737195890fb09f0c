import Foundation
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// Every failure of the FHIR API is an OperationOutcome with the right status, an issue code, a
/// message that names the problem and, where it fits, the FHIRPath of the element; nothing is stored.
@Suite struct FHIRErrorTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        var headers: [String: String] = [:]
        var status: Int
        var code: String
        var diagnostics: String
        var expression: String?
        var description: String { name }
    }

    static let patient = #"{"resourceType":"Patient","name":[{"family":"Doe"}]}"#

    static let cases: [Case] = [
        Case(name: "malformed JSON", method: .post, path: "Patient", body: #"{"resourceType":"Patient","#, status: 400,
             code: "structure", diagnostics: "The body is not valid JSON: line 1, column 27: expected a member name in double quotes"),
        Case(name: "body of another type", method: .post, path: "Patient", body: #"{"resourceType":"Observation","status":"final","code":{"text":"x"}}"#,
             status: 400, code: "invalid", diagnostics: "The body is a resource of type Observation; the URL names Patient", expression: "resourceType"),
        Case(name: "not a resource type", method: .post, path: "Patient", body: #"{"resourceType":"Human"}"#, status: 400,
             code: "structure", diagnostics: "'Human' is not a FHIR R4 resource type", expression: "Human"),
        Case(name: "invalid date", method: .post, path: "Patient", body: #"{"resourceType":"Patient","birthDate":"1980-02-30"}"#,
             status: 400, code: "value", diagnostics: "'1980-02-30' is not a valid date", expression: "Patient.birthDate"),
        Case(name: "unknown element", method: .post, path: "Patient", body: #"{"resourceType":"Patient","nickname":"Bo"}"#,
             status: 400, code: "structure", diagnostics: "Unknown element 'nickname'", expression: "Patient.nickname"),
        Case(name: "missing required element", method: .post, path: "Observation",
             body: #"{"resourceType":"Observation","code":{"text":"x"}}"#, status: 400, code: "required",
             diagnostics: "Missing required element 'status'", expression: "Observation.status"),
        Case(name: "unknown gender", method: .post, path: "Patient", body: #"{"resourceType":"Patient","gender":"f"}"#,
             status: 422, code: "code-invalid",
             diagnostics: "'f' is not an administrative gender (male, female, other, unknown: http://hl7.org/fhir/administrative-gender)",
             expression: "Patient.gender"),
        Case(name: "modifier extension", method: .post, path: "Patient",
             body: #"{"resourceType":"Patient","modifierExtension":[{"url":"http://x.org/m","valueBoolean":true}]}"#,
             status: 422, code: "not-supported",
             diagnostics: "The modifier extension http://x.org/m changes the meaning of the resource and the gateway does not understand it",
             expression: "Patient.modifierExtension[0]"),
        Case(name: "unit that does not fit", method: .post, path: "Observation",
             body: #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"subject":{"reference":"Patient/1"},"effectiveDateTime":"2026-01-01T08:00:00Z","valueQuantity":{"value":70,"system":"http://unitsofmeasure.org","code":"mmol/L"}}"#,
             status: 422, code: "value", diagnostics: "unit 'mmol/L' does not fit 29463-7 Body weight; send one of: kg, g, [lb_av]",
             expression: "Observation.valueQuantity.code"),
        Case(name: "unknown id", method: .get, path: "Patient/424242", status: 404, code: "not-found",
             diagnostics: "Patient/424242 is not known"),
        Case(name: "malformed Observation id", method: .get, path: "Observation/lab-x", status: 404, code: "not-found",
             diagnostics: "Observation/lab-x is not known: Observation ids look like act-42-steps, sleep-7, lab-9 or vital-3"),
        Case(name: "invalid id", method: .get, path: "Patient/a_b", status: 400, code: "invalid",
             diagnostics: "'a_b' is not a valid resource id ([A-Za-z0-9-.]{1,64})", expression: "Patient.id"),
        Case(name: "unsupported media type", method: .post, path: "Patient", body: patient,
             headers: ["Content-Type": "text/plain"], status: 415, code: "not-supported",
             diagnostics: "Content-Type 'text/plain' is not supported; send application/fhir+json or application/fhir+xml"),
        Case(name: "another FHIR version", method: .post, path: "Patient", body: patient,
             headers: ["Content-Type": "application/fhir+json; fhirVersion=3.0"], status: 415, code: "not-supported",
             diagnostics: "fhirVersion=3.0 is not supported; this server speaks FHIR R4 (4.0)"),
        Case(name: "not acceptable", method: .get, path: "Patient/1", headers: ["Accept": "text/html"], status: 406,
             code: "not-supported",
             diagnostics: "Accept 'text/html' names no format this server writes: application/fhir+json or application/fhir+xml"),
        Case(name: "method not allowed on an instance", method: .post, path: "Patient/1", body: patient, status: 405,
             code: "not-supported", diagnostics: "This method is not supported on Patient; it supports read, vread, update, delete, history-instance, history-type, create, search-type"),
        Case(name: "patch not supported", method: .patch, path: "Patient/1", body: patient, status: 405,
             code: "not-supported", diagnostics: "patch is not supported on Patient; it supports read, vread, update, delete, history-instance, history-type, create, search-type"),
        Case(name: "history of a type without one", method: .get, path: "ValueSet/_history", status: 405,
             code: "not-supported", diagnostics: "history-type is not supported on ValueSet; it supports read"),
        Case(name: "profiles are read-only", method: .delete, path: "StructureDefinition/healthgateway-patient", status: 405,
             code: "not-supported", diagnostics: "delete is not supported on StructureDefinition; it supports read"),
        Case(name: "a type not served", method: .get, path: "Encounter/1", status: 404, code: "not-found",
             diagnostics: "This server does not serve Encounter resources; it serves Patient, Observation, StructureDefinition, ValueSet, OperationDefinition"),
        Case(name: "no such path", method: .get, path: "Patient/1/_history/1/more", status: 404, code: "not-found",
             diagnostics: "No FHIR endpoint GET /fhir/Patient/1/_history/1/more"),
        Case(name: "not a type", method: .get, path: "Patients/1", status: 404, code: "not-found",
             diagnostics: "'Patients' is not a FHIR R4 resource type"),
        Case(name: "update without id", method: .put, path: "Patient/1", body: patient, status: 400, code: "invalid",
             diagnostics: "The resource must carry the id of the URL ('1') to be updated", expression: "Patient.id"),
        Case(name: "If-Match that is not an ETag", method: .put, path: "Patient/1",
             body: #"{"resourceType":"Patient","id":"1","name":[{"family":"Doe"}]}"#, headers: ["If-Match": "yesterday"],
             status: 400, code: "invalid", diagnostics: "If-Match must name a version as an ETag, like W/\"3\"; got 'yesterday'"),
        Case(name: "body too large", method: .post, path: "Patient",
             body: #"{"resourceType":"Patient","name":[{"family":""# + String(repeating: "x", count: 9_000) + #""}]}"#,
             status: 413, code: "too-costly", diagnostics: "The request body exceeds the size limit"),
        Case(name: "If-None-Exist on another parameter", method: .post, path: "Patient", body: patient,
             headers: ["If-None-Exist": "name=Doe"], status: 400, code: "invalid",
             diagnostics: "If-None-Exist supports one parameter, identifier=system|value; got 'name=Doe'"),
    ]

    @Test(arguments: cases)
    func badRequestsGetAnOperationOutcome(_ test: Case) async throws {
        try await TestGateway.run { client, store in
            let existing = try await client.fhir(.post, "Patient", body: #"{"resourceType":"Patient","name":[{"family":"Roe"}]}"#)
            #expect(existing.json["id"] as? String == "1")
            let before = try await store.rowCounts()
            var headers = test.headers
            if test.body != nil, headers["Content-Type"] == nil { headers["Content-Type"] = "application/fhir+json" }
            let response = try await client.fhir(test.method, test.path, body: test.body, headers: headers)
            #expect(Int(response.status.code) == test.status, "\(response.bodyText)")
            #expect(response.headers[.contentType] == "application/fhir+json; fhirVersion=4.0")
            #expect(response.json["resourceType"] as? String == "OperationOutcome")
            #expect(response.issues.first?["severity"] as? String == "error")
            #expect(response.firstIssue.code == test.code)
            #expect(response.firstIssue.diagnostics == test.diagnostics)
            #expect(response.firstIssue.expression == test.expression)
            #expect(try await store.rowCounts() == before, "nothing is stored")
            #expect(try await client.fhir(.get, "Patient/1").json["meta"] as? [String: Any] != nil)
        }
    }
}
