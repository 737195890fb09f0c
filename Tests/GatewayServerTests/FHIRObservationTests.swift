import Foundation
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

@Suite struct FHIRObservationTests {
    /// Each sample of `Samples/fhir`, and what the gateway gives back: LOINC codes (the emitted one
    /// first, then a variant the sample used), the value in the canonical UCUM unit, converted where
    /// the sample used another unit.
    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        var codes: [String]
        var value: String
        var unit: String
        var description: String { file }
    }

    static let expected: [Expected] = [
        Expected(file: "observation-steps.json", codes: ["41950-7"], value: "10432", unit: "{steps}"),
        Expected(file: "observation-walking-distance.json", codes: ["41953-1"], value: "7200", unit: "m"),
        Expected(file: "observation-active-energy.json", codes: ["41981-2"], value: "455", unit: "kcal"),
        Expected(file: "observation-exercise-duration.json", codes: ["55411-3"], value: "48", unit: "min"),
        Expected(file: "observation-sleep-duration.json", codes: ["93832-4"], value: "7.5", unit: "h"),
        Expected(file: "observation-glucose.json", codes: ["2339-0", "15074-8"], value: "97.3", unit: "mg/dL"),
        Expected(file: "observation-hba1c.json", codes: ["4548-4"], value: "5.6", unit: "%"),
        Expected(file: "observation-total-cholesterol.json", codes: ["2093-3"], value: "192", unit: "mg/dL"),
        Expected(file: "observation-hdl-cholesterol.json", codes: ["2085-9"], value: "54.1", unit: "mg/dL"),
        Expected(file: "observation-ldl-cholesterol.json", codes: ["13457-7", "18262-6"], value: "118", unit: "mg/dL"),
        Expected(file: "observation-triglycerides.json", codes: ["2571-8"], value: "134", unit: "mg/dL"),
        Expected(file: "observation-body-weight.json", codes: ["29463-7"], value: "74.98", unit: "kg"),
        Expected(file: "observation-body-height.json", codes: ["8302-2"], value: "174", unit: "cm"),
        Expected(file: "observation-bmi.json", codes: ["39156-5"], value: "24.8", unit: "kg/m2"),
        Expected(file: "observation-heart-rate.json", codes: ["8867-4"], value: "64", unit: "/min"),
        Expected(file: "observation-blood-pressure.json", codes: ["85354-9"], value: "122/79", unit: "mm[Hg]"),
    ]

    @Test func everySampleHasAnExpectation() throws {
        #expect(try FHIRSamples.observationFiles() == Self.expected.map(\.file).sorted())
    }

    /// The LOINC codes, value and unit of an Observation's JSON (for blood pressure, systolic/diastolic).
    static func clinicalContent(_ json: [String: Any]) -> (codes: [String], value: String, unit: String) {
        let codes = ((json["code"] as? [String: Any])?["coding"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        func quantity(_ element: [String: Any]?) -> (String, String) {
            let quantity = element?["valueQuantity"] as? [String: Any]
            return ((quantity?["value"] as? NSNumber)?.stringValue ?? "", quantity?["code"] as? String ?? "")
        }
        if let components = json["component"] as? [[String: Any]] {
            let readings = components.map(quantity)
            return (codes, readings.map(\.0).joined(separator: "/"), readings.first?.1 ?? "")
        }
        let (value, unit) = quantity(json)
        return (codes, value, unit)
    }

    @Test(arguments: expected)
    func everyMappedCodeSurvivesCreateReadUpdateRead(_ expected: Expected) async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let created = try await client.fhir(.post, "Observation", body: try FHIRSamples.observation(expected.file, patient: patient))
            #expect(created.status == .created, "\(created.bodyText)")
            let content = Self.clinicalContent(created.json)
            #expect(content.codes == expected.codes)
            #expect(content.value == expected.value)
            #expect(content.unit == expected.unit)
            #expect((created.json["subject"] as? [String: Any])?["reference"] as? String == "Patient/\(patient)")
            let id = try #require(created.json["id"] as? String)

            let read = try await client.fhir(.get, "Observation/\(id)")
            #expect(read.status == .ok)
            #expect(read.bodyText == created.bodyText)

            // The update sends back what was read, as a client would, with one value changed.
            var changed = read.json
            if var components = changed["component"] as? [[String: Any]] {
                var systolic = components[0]["valueQuantity"] as? [String: Any] ?? [:]
                systolic["value"] = 131
                components[0]["valueQuantity"] = systolic
                changed["component"] = components
            } else {
                var quantity = changed["valueQuantity"] as? [String: Any] ?? [:]
                quantity["value"] = (quantity["value"] as? NSNumber).map { $0.doubleValue == 7.5 ? 7.5 : $0.doubleValue + 1 }
                changed["valueQuantity"] = quantity
            }
            let body = String(decoding: try JSONSerialization.data(withJSONObject: changed), as: UTF8.self)
            let updated = try await client.fhir(.put, "Observation/\(id)", body: body, headers: ["If-Match": "W/\"1\""])
            #expect(updated.status == .ok, "\(updated.bodyText)")
            let reread = try await client.fhir(.get, "Observation/\(id)")
            #expect(reread.bodyText == updated.bodyText)
            let after = Self.clinicalContent(reread.json)
            #expect(after.codes == expected.codes, "the original coding survives the update")
            #expect(after.unit == expected.unit)
            if expected.unit == "h" {
                #expect(after.value == expected.value)
            } else if expected.unit == "mm[Hg]" {
                #expect(after.value == "131/79")
            } else {
                #expect(Double(after.value) == (Double(expected.value) ?? 0) + 1)
            }
        }
    }

    @Test func anUnmappedCodeIsRefusedWithTheSupportedCodes() async throws {
        try await TestGateway.run { client, store in
            let patient = try await client.createSamplePatient()
            let body = try String(contentsOf: FHIRSamples.examples.appendingPathComponent("observation-example-body-temperature.json"),
                                  encoding: .utf8).replacingOccurrences(of: "\"Patient/example\"", with: "\"Patient/\(patient)\"")
            let refused = try await client.fhir(.post, "Observation", body: body)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.firstIssue.code == "code-invalid")
            #expect(refused.firstIssue.expression == "Observation.code")
            #expect(refused.firstIssue.diagnostics.contains("41950-7 or 55423-8 (steps)"))
            #expect(refused.firstIssue.diagnostics.contains("this one has http://loinc.org|8310-5"))
            #expect(try await store.rowCounts()[.vitalSigns] == 0)
        }
    }

    @Test func aSubjectThatDoesNotExistIsRefused() async throws {
        try await TestGateway.run { client, store in
            let refused = try await client.fhir(.post, "Observation",
                                                body: try FHIRSamples.observation("observation-heart-rate.json", patient: "99"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.firstIssue.diagnostics == "Patient/99 does not exist")
            #expect(refused.firstIssue.expression == "Observation.subject")
            #expect(try await store.rowCounts()[.vitalSigns] == 0)
        }
    }

    /// An activity row holds several values; deleting one Observation keeps the others.
    @Test func deletingOneActivityValueKeepsTheOthers() async throws {
        try await TestGateway.run { client, _ in
            let userID = try #require(try await client.send(.post, "/api/v1/users", json: Bodies.user).json["id"] as? Int)
            let row = try #require(try await client.send(.post, "/api/v1/users/\(userID)/activities",
                                                         json: Bodies.activity).json["id"] as? Int)
            #expect(try await client.fhir(.get, "Observation/act-\(row)-steps").status == .ok)
            #expect(try await client.fhir(.delete, "Observation/act-\(row)-steps").status == .ok)
            let gone = try await client.fhir(.get, "Observation/act-\(row)-steps")
            #expect(gone.status == .gone)
            let energy = try await client.fhir(.get, "Observation/act-\(row)-active-energy")
            #expect(energy.status == .ok)
            #expect(Self.clinicalContent(energy.json).value == "410")
            #expect(try await client.send(.get, "/api/v1/users/\(userID)/activities/\(row)").json["steps"] == nil)
        }
    }

    @Test func anUpdateCannotTurnOneMeasureIntoAnother() async throws {
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            let steps = try await client.fhir(.post, "Observation", body: try FHIRSamples.observation("observation-steps.json", patient: patient))
            let id = try #require(steps.json["id"] as? String)
            let energy = try FHIRSamples.observation("observation-active-energy.json", patient: patient)
                .replacingOccurrences(of: "\"resourceType\": \"Observation\",", with: "\"resourceType\": \"Observation\", \"id\": \"\(id)\",")
            let refused = try await client.fhir(.put, "Observation/\(id)", body: energy)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.firstIssue.expression == "Observation.code")
            #expect(Self.clinicalContent(try await client.fhir(.get, "Observation/\(id)").json).value == "10432")
        }
    }
}
