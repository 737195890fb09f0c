import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import PopulationGenerator
import Store
import StoreSQLite
import Testing

/// The FHIR API in XML: the same interactions, negotiated by Content-Type, `_format` and `Accept`.
@Suite struct FHIRXMLAPITests {
    static let xml = "application/fhir+xml"

    @Test func aPatientAndAnObservationAreCreatedReadAndUpdatedInXML() async throws {
        try await TestGateway.run { client, _ in
            let created = try await client.fhir(.post, "Patient", body: try FHIRSamples.text("patient.xml"),
                                                headers: ["Content-Type": Self.xml, "Accept": Self.xml])
            #expect(created.status == .created)
            #expect(created.headers[.contentType] == "application/fhir+xml; fhirVersion=4.0")
            #expect(created.bodyText.contains(#"<family value="Okafor"/>"#))
            let id = try #require(created.headers[.location]?.split(separator: "/").dropLast(2).last.map(String.init))

            let read = try await client.fhir(.get, "Patient/\(id)?_format=xml")
            #expect(read.bodyText == created.bodyText)
            let asJSON = try await client.fhir(.get, "Patient/\(id)")
            #expect(asJSON.json["id"] as? String == id, "the same Patient in JSON")

            let updated = try await client.fhir(.put, "Patient/\(id)", body: read.bodyText
                .replacingOccurrences(of: "1979-06-02", with: "1979-06-03"),
                headers: ["Content-Type": Self.xml, "Accept": Self.xml, "If-Match": "W/\"1\""])
            #expect(updated.status == .ok)
            #expect(updated.bodyText.contains(#"<birthDate value="1979-06-03"/>"#))

            let observation = try await client.fhir(.post, "Observation", body: try FHIRSamples.text("observation-glucose.xml")
                .replacingOccurrences(of: "Patient/1", with: "Patient/\(id)"), headers: ["Content-Type": Self.xml])
            #expect(observation.status == .created)
            #expect(observation.headers[.contentType] == "application/fhir+json; fhirVersion=4.0", "the answer is JSON by default")
            #expect(FHIRObservationTests.clinicalContent(observation.json).value == "97.3")
        }
    }

    @Test(arguments: [
        ("application/fhir+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"), ("*/*", "json"),
        ("application/fhir+json;q=0.5, application/fhir+xml", "xml"), ("application/fhir+xml;q=0.2, */*;q=0.8", "json"),
        ("text/html, application/xml;q=0.9", "xml"), ("application/fhir+xml;q=0, application/json", "json"),
    ])
    func acceptChoosesTheFormat(accept: String, format: String) async throws {
        try await TestGateway.run { client, _ in
            let response = try await client.fhir(.get, "metadata", headers: ["Accept": accept])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/fhir+\(format); fhirVersion=4.0")
        }
    }

    @Test func errorsComeInTheNegotiatedFormat() async throws {
        try await TestGateway.run { client, _ in
            let missing = try await client.fhir(.get, "Patient/99?_format=xml&_pretty=true")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/fhir+xml; fhirVersion=4.0")
            #expect(missing.bodyText.contains("\n  <issue>\n    <severity value=\"error\"/>"), "\(missing.bodyText)")
            let malformed = try await client.fhir(.post, "Patient", body: "<Patient xmlns=\"http://hl7.org/fhir\">",
                                                  headers: ["Content-Type": Self.xml, "Accept": Self.xml])
            #expect(malformed.status == .badRequest)
            #expect(malformed.bodyText.contains("The body is not valid XML: line 1"))
            let unacceptable = try await client.fhir(.get, "Patient/1", headers: ["Accept": "text/html"])
            #expect(unacceptable.status == .notAcceptable)
            #expect(unacceptable.headers[.contentType] == "application/fhir+json; fhirVersion=4.0")
            let badFormat = try await client.fhir(.get, "Patient/1?_format=yaml")
            #expect(badFormat.status == .notAcceptable)
        }
    }

    /// The official examples the gateway accepts store the same thing from their XML as from their JSON.
    @Test func officialExamplesStoreTheSameFromXMLAndJSON() async throws {
        let accepted = ["observation-example.json", "observation-example-bloodpressure.json", "observation-example-bmi.json",
                        "observation-example-body-height.json", "observation-example-f001-glucose.json",
                        "observation-example-heart-rate.json", "patient-example.json", "patient-example-newborn.json",
                        "patient-example-f001-pieter.json", "patient-example-chinese.json"]
        try await TestGateway.run { client, _ in
            let patient = try await client.createSamplePatient()
            for file in accepted {
                var stored: [String] = []
                for format in ["json", "xml"] {
                    let name = file.replacingOccurrences(of: ".json", with: ".\(format)")
                    let text = try String(contentsOf: FHIRSamples.examples.appendingPathComponent(name), encoding: .utf8)
                        .replacingOccurrences(of: #"Patient/[A-Za-z0-9.-]+""#, with: "Patient/\(patient)\"",
                                              options: .regularExpression)
                    let type = file.hasPrefix("patient") ? "Patient" : "Observation"
                    let created = try await client.fhir(.post, type, body: text, headers: ["Content-Type": "application/fhir+\(format)"])
                    #expect(created.status == .created, "\(name): \(created.bodyText)")
                    let id = created.json["id"] as? String ?? ""
                    var content = created.json
                    content["id"] = nil
                    content["meta"] = nil
                    content["identifier"] = (content["identifier"] as? [[String: Any]])?.filter {
                        $0["system"] as? String != "http://healthgateway.example.org/fhir/sid/user-id"
                    }
                    stored.append(String(decoding: try JSONSerialization.data(withJSONObject: content, options: .sortedKeys),
                                         as: UTF8.self))
                    #expect(try await client.fhir(.delete, "\(type)/\(id)").status == .ok)
                }
                #expect(stored[0] == stored[1], "\(file)")
            }
        }
    }

    /// Every XML the server writes validates against the official schema, fhir-single.xsd.
    @Test func everyXMLTheServerWritesIsValid() async throws {
        try await TestGateway.run { client, store in
            _ = try await SampleSeeder.seedIfNew(store, from: FHIRSchema.repository.appendingPathComponent(
                "Samples/population.ndjson").path)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fhir-xml-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var files: [URL] = []
            func keep(_ response: TestResponse) throws {
                #expect(response.headers[.contentType]?.hasPrefix("application/fhir+xml") == true)
                let file = folder.appendingPathComponent("\(files.count).xml")
                try Data(response.body.readableBytesView).write(to: file)
                files.append(file)
            }
            let accept = ["Accept": Self.xml]
            for user in try await store.users(PageRequest(limit: 5)).items {
                try keep(try await client.fhir(.get, "Patient/\(user.id)", headers: accept))
                for id in try await FHIRConformanceTests.observationIDs(of: user.id, in: store) {
                    try keep(try await client.fhir(.get, "Observation/\(id)", headers: accept))
                }
            }
            try keep(try await client.fhir(.get, "metadata", headers: accept))
            try keep(try await client.fhir(.get, "_history?_count=100", headers: accept))
            try keep(try await client.fhir(.get, "Observation/_history?_count=100", headers: accept))
            try keep(try await client.fhir(.get, "Patient/1/_history", headers: accept))
            for (address, _) in ProfileCatalog.resources { try keep(try await client.fhir(.get, address, headers: accept)) }
            let patient = try await client.createSamplePatient()
            for file in try FHIRSamples.observationFiles() {
                let body = try FHIRSamples.observation(file, patient: patient)
                try keep(try await client.fhir(.post, "Observation", body: body,
                                               headers: ["Accept": Self.xml, "Prefer": "return=OperationOutcome"]))
            }
            for test in FHIRErrorTests.cases where test.status != 406 {
                var headers = test.headers.merging(accept) { first, _ in first }
                if test.body != nil, headers["Content-Type"] == nil { headers["Content-Type"] = "application/fhir+json" }
                try keep(try await client.fhir(test.method, test.path, body: test.body, headers: headers))
            }
            #expect(files.count > 500)
            #expect(try FHIRXMLSchema.problems(in: files) == [])
        }
    }
}
