import Foundation
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// Every class of bad input gets a 4xx in the one error shape, naming the problem, and leaves the
/// database exactly as it was.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var body: String?
        var contentType = "application/json"
        var status: HTTPResponse.Status
        var code: String
        var field: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed JSON", method: .post, path: "/api/v1/users", body: #"{"email": "#, status: .badRequest,
             code: "malformed_json"),
        Case(name: "a body that is not an object", method: .post, path: "/api/v1/users", body: "[1, 2]", status: .badRequest,
             code: "malformed_json"),
        Case(name: "an empty body", method: .post, path: "/api/v1/users", body: "", status: .badRequest, code: "malformed_json"),
        Case(name: "a string for a number", method: .post, path: "/api/v1/users/1/activities",
             body: #"{"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","steps":"many"}"#, status: .badRequest,
             code: "wrong_type", field: "steps"),
        Case(name: "a fraction for a whole number", method: .post, path: "/api/v1/users/1/sleep",
             body: #"{"start":"2026-11-01T23:00:00Z","end":"2026-11-02T07:00:00Z","rem_minutes":12.5}"#, status: .badRequest,
             code: "wrong_type", field: "rem_minutes"),
        Case(name: "a number for a string", method: .put, path: "/api/v1/users/1", body: #"{"email":42}"#, status: .badRequest,
             code: "wrong_type", field: "email"),
        Case(name: "a missing required field", method: .post, path: "/api/v1/users/1/blood-tests",
             body: #"{"analyte":"glucose","value":90}"#, status: .badRequest, code: "missing_field", field: "measured_at"),
        Case(name: "an unknown field", method: .post, path: "/api/v1/users/1/vitals",
             body: #"{"measured_at":"2026-11-01T07:00:00Z","kind":"heart_rate","value":60,"bpm":60}"#, status: .badRequest,
             code: "unknown_field", field: "bpm"),
        Case(name: "an unknown code", method: .post, path: "/api/v1/users/1/vitals",
             body: #"{"measured_at":"2026-11-01T07:00:00Z","kind":"temperature","value":37}"#, status: .badRequest,
             code: "invalid_value", field: "kind"),
        Case(name: "a date that is not a date", method: .post, path: "/api/v1/users",
             body: #"{"email":"new@example.org","birth_date":"09/03/1984"}"#, status: .badRequest, code: "invalid_value",
             field: "birth_date"),
        Case(name: "a value in another unit", method: .post, path: "/api/v1/users/1/blood-tests",
             body: #"{"measured_at":"2026-11-01T08:00:00Z","analyte":"glucose","value":5.2,"unit":"mmol/L"}"#,
             status: .badRequest, code: "invalid_value", field: "unit"),
        Case(name: "negative steps", method: .post, path: "/api/v1/users/1/activities",
             body: #"{"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","steps":-5}"#, status: .unprocessableContent,
             code: "out_of_range", field: "steps"),
        Case(name: "sleep that ends before it starts", method: .post, path: "/api/v1/users/1/sleep",
             body: #"{"start":"2026-11-02T07:00:00Z","end":"2026-11-01T23:00:00Z"}"#, status: .unprocessableContent,
             code: "inconsistent", field: "end"),
        Case(name: "glucose of 10,000 mg/dL", method: .post, path: "/api/v1/users/1/blood-tests",
             body: #"{"measured_at":"2026-11-01T08:00:00Z","analyte":"glucose","value":10000}"#, status: .unprocessableContent,
             code: "out_of_range", field: "value"),
        Case(name: "a birth date in the future", method: .patch, path: "/api/v1/users/1", body: #"{"birth_date":"2099-01-01"}"#,
             status: .unprocessableContent, code: "out_of_range", field: "birth_date"),
        Case(name: "an impossible value in a patch", method: .patch, path: "/api/v1/users/1/blood-tests/1",
             body: #"{"value":10000}"#, status: .unprocessableContent, code: "out_of_range", field: "value"),
        Case(name: "a patch that is not an object", method: .patch, path: "/api/v1/users/1", body: #""x""#, status: .badRequest,
             code: "malformed_json"),
        Case(name: "an unknown user", method: .post, path: "/api/v1/users/999/activities",
             body: #"{"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","steps":100}"#, status: .notFound,
             code: "not_found"),
        Case(name: "listing for an unknown user", method: .get, path: "/api/v1/users/999/vitals", status: .notFound,
             code: "not_found"),
        Case(name: "replacing an unknown user", method: .put, path: "/api/v1/users/999", body: #"{"email":"z@example.org"}"#,
             status: .notFound, code: "not_found"),
        Case(name: "deleting an unknown measurement", method: .delete, path: "/api/v1/users/1/sleep/999", status: .notFound,
             code: "not_found"),
        Case(name: "an id that is not a number", method: .get, path: "/api/v1/users/abc", status: .badRequest,
             code: "invalid_parameter", field: "userID"),
        Case(name: "a body over the size limit", method: .post, path: "/api/v1/users",
             body: #"{"email":"big@example.org","given_name":""# + String(repeating: "x", count: TestGateway.maxBodySize) + #""}"#,
             status: .contentTooLarge, code: "body_too_large"),
        Case(name: "a body that is not JSON", method: .post, path: "/api/v1/users", body: "email=a@example.org",
             contentType: "application/x-www-form-urlencoded", status: .unsupportedMediaType, code: "unsupported_media_type"),
        Case(name: "an empty Content-Type", method: .post, path: "/api/v1/users", body: #"{"email":"e@example.org"}"#,
             contentType: "", status: .unsupportedMediaType, code: "unsupported_media_type"),
        Case(name: "a Content-Type of parameters only", method: .post, path: "/api/v1/users",
             body: #"{"email":"e@example.org"}"#, contentType: "; charset=utf-8", status: .unsupportedMediaType,
             code: "unsupported_media_type"),
        Case(name: "a limit out of range", method: .get, path: "/api/v1/users?limit=5000", status: .badRequest,
             code: "invalid_parameter", field: "limit"),
        Case(name: "a forged cursor", method: .get, path: "/api/v1/users?cursor=bm90LWEtY3Vyc29y", status: .badRequest,
             code: "invalid_parameter", field: "cursor"),
        Case(name: "an unknown query parameter", method: .get, path: "/api/v1/users/1/sleep?since=2026-11-01",
             status: .badRequest, code: "invalid_parameter", field: "since"),
        Case(name: "a range that ends before it starts", method: .get,
             path: "/api/v1/users/1/sleep?from=2026-11-05&to=2026-11-01", status: .badRequest, code: "invalid_parameter",
             field: "to"),
        Case(name: "a route that does not exist", method: .get, path: "/api/v1/patients", status: .notFound, code: "no_route"),
    ]

    @Test(arguments: cases)
    func badInputIsRefusedAndChangesNothing(_ badInput: Case) async throws {
        try await TestGateway.run { client, store in
            #expect(try await client.send(.post, "/api/v1/users", json: Bodies.user).status == .created)
            #expect(try await client.send(.post, "/api/v1/users/1/blood-tests", json: Bodies.bloodTest).status == .created)
            let before = try await store.rowCounts()
            let userBefore = try await client.send(.get, "/api/v1/users/1").bodyText

            let response = try await client.send(badInput.method, badInput.path, json: badInput.body,
                                                 contentType: badInput.contentType)
            #expect(response.status == badInput.status)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.error["status"] as? Int == badInput.status.code)
            #expect(response.error["code"] as? String == badInput.code)
            #expect(response.error["field"] as? String == badInput.field)
            let message = try #require(response.error["message"] as? String)
            #expect(!message.isEmpty)
            if let field = badInput.field { #expect(message.contains(field), "the message names the field: \(message)") }

            #expect(try await store.rowCounts() == before)
            #expect(try await client.send(.get, "/api/v1/users/1").bodyText == userBefore)
        }
    }

    @Test func severalProblemsAreAllListed() async throws {
        try await TestGateway.run { client, _ in
            _ = try await client.send(.post, "/api/v1/users", json: Bodies.user)
            let response = try await client.send(.post, "/api/v1/users/1/vitals",
                                                 json: #"{"measured_at":"2026-11-01T07:00:00Z","kind":"blood_pressure","systolic":500,"diastolic":5}"#)
            #expect(response.status == .unprocessableContent)
            let details = try #require(response.error["details"] as? [[String: String]])
            #expect(details.map { $0["field"] } == ["systolic", "diastolic"])
        }
    }
}
