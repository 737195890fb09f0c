import FHIRFormat
import FHIRModels
import Foundation
import Testing

@Suite struct FHIRXMLTests {
    func decodeXML(_ text: String) throws -> AnyResource { try FHIRXML.decode(Array(text.utf8)) }

    func issues(_ text: String) -> [FHIRIssue] {
        do {
            _ = try decodeXML(text)
            return []
        } catch let error as FHIRDecodingError {
            return error.issues
        } catch {
            return [.error(.exception, "\(error)")]
        }
    }

    /// Every official example has a JSON and an XML twin: both read into the same model, which writes
    /// the same XML.
    @Test func everyOfficialXMLExampleReadsAsItsJSONTwin() throws {
        let files = try FHIRJSONTests.exampleFiles()
        for json in files {
            let xml = json.deletingPathExtension().appendingPathExtension("xml")
            let fromJSON = try FHIRJSON.decode(Array(try Data(contentsOf: json)))
            let fromXML: AnyResource
            do {
                fromXML = try FHIRXML.decode(Array(try Data(contentsOf: xml)))
            } catch {
                Issue.record("\(xml.lastPathComponent): \(error)")
                continue
            }
            // libxml2 writes the XHTML of a narrative back with `"` for `&quot;` in text: the same XHTML.
            let written = String(decoding: FHIRXML.encode(fromXML, pretty: true), as: UTF8.self)
                .replacingOccurrences(of: "&quot;", with: "\"")
            let expected = String(decoding: FHIRXML.encode(fromJSON, pretty: true), as: UTF8.self)
                .replacingOccurrences(of: "&quot;", with: "\"")
            let difference = zip(written.split(separator: "\n"), expected.split(separator: "\n"))
                .first { $0.0 != $0.1 }.map { "XML: \($0.0)\nJSON: \($0.1)" } ?? "lengths differ"
            #expect(written == expected, "\(xml.lastPathComponent): \(difference)")
        }
    }

    @Test func primitivesBecomeValueAttributesAndElementIdsAttributes() throws {
        let json = #"{"resourceType":"Patient","id":"p1","extension":[{"url":"http://x.org/e","valueString":"a\nb"}],"#
            + #""name":[{"id":"n1","family":"O'Brien & Co","given":["Ann"]}],"birthDate":"1970","_birthDate":{"#
            + #""extension":[{"url":"http://x.org/t","valueDateTime":"1970-03-30T10:00:00Z"}]}}"#
        let resource = try FHIRJSON.decode(Array(json.utf8))
        let xml = String(decoding: FHIRXML.encode(resource), as: UTF8.self)
        #expect(xml == #"<?xml version="1.0" encoding="UTF-8"?><Patient xmlns="http://hl7.org/fhir"><id value="p1"/>"#
            + #"<extension url="http://x.org/e"><valueString value="a&#10;b"/></extension><name id="n1">"#
            + #"<family value="O'Brien &amp; Co"/><given value="Ann"/></name><birthDate value="1970">"#
            + #"<extension url="http://x.org/t"><valueDateTime value="1970-03-30T10:00:00Z"/></extension>"#
            + #"</birthDate></Patient>"#)
        let back = try decodeXML(xml)
        #expect(String(decoding: FHIRJSON.encode(back), as: UTF8.self) == json)
    }

    @Test(arguments: [
        (#"<Patient xmlns="http://hl7.org/fhir"><gender value="male"/><foo value="1"/></Patient>"#, "Patient.foo",
         "Unknown element 'foo'"),
        (#"<Patient xmlns="http://hl7.org/fhir"><birthDate value="1970-13-01"/></Patient>"#, "Patient.birthDate",
         "'1970-13-01' is not a valid date"),
        (#"<Patient xmlns="http://hl7.org/fhir"><gender value="male"/><active value="true"/></Patient>"#,
         "Patient.active", "out of order"),
        (#"<Patient xmlns="http://hl7.org/fhir"><gender value="male"/><gender value="female"/></Patient>"#,
         "Patient.gender", "may occur only once"),
        (#"<Observation xmlns="http://hl7.org/fhir"><code><text value="x"/></code></Observation>"#,
         "Observation.status", "Missing required element 'status'"),
        (#"<Patient xmlns="http://hl7.org/fhir"><name><family value="X" colour="red"/></name></Patient>"#,
         "Patient.name.family", "Unknown attribute 'colour'"),
        (#"<Patient xmlns="http://hl7.org/fhir"><name>Smith</name></Patient>"#, "Patient.name", "no text content"),
        (#"<Patient xmlns="http://hl7.org/fhir"><name/></Patient>"#, "Patient.name", "value attribute or children"),
    ])
    func problemsAreReportedWithTheirFHIRPath(text: String, expression: String, message: String) {
        let found = issues(text)
        #expect(found.contains { $0.expression == expression && $0.diagnostics.contains(message) }, "\(found)")
    }

    static let laughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
        <Patient xmlns="http://hl7.org/fhir"><name><family value="&lol3;"/></name></Patient>
        """
    static let externalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <Patient xmlns="http://hl7.org/fhir"><name><family value="&secret;"/></name></Patient>
        """
    static let deep = #"<Patient xmlns="http://hl7.org/fhir">"# + String(repeating: "<extension url=\"http://x.org\">", count: 100)
        + String(repeating: "</extension>", count: 100) + "</Patient>"

    /// Hostile documents are refused before they cost anything (xml.html, "Security").
    @Test(arguments: [
        (laughs, "DTDs"), (externalEntity, "external entity 'secret'"), (deep, "nests deeper than 64"),
        (#"<Patient xmlns="http://hl7.org/fhir"><name><family value="X"/></name>"#, "not valid XML: line 1"),
        ("<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"\u{01}\"/></name></Patient>", "not valid XML: line 1"),
        (#"<Patient xmlns="http://example.org"/>"#, "not in the FHIR namespace"),
        ("not xml", "not valid XML"),
    ])
    func hostileDocumentsAreRefused(text: String, message: String) {
        let found = issues(text)
        #expect(found.contains { $0.diagnostics.contains(message) }, "\(found)")
    }

    @Test func invalidUTF8IsRefusedWithItsPlace() {
        var bytes = Array(#"<Patient xmlns="http://hl7.org/fhir"><name><family value="X"#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""/></name></Patient>"#.utf8)
        do {
            _ = try FHIRXML.decode(bytes)
            Issue.record("invalid UTF-8 was accepted")
        } catch let error as FHIRDecodingError {
            #expect(error.issues.first?.diagnostics.contains("line 1") == true, "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func narrativeXHTMLIsKeptIntact() throws {
        let xml = #"<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/>"#
            + #"<div xmlns="http://www.w3.org/1999/xhtml"><p>Ann <b>Smith</b> &amp; co</p></div></text></Patient>"#
        guard case .patient(let patient) = try decodeXML(xml) else {
            Issue.record("not a Patient")
            return
        }
        #expect(patient.text?.div?.value == #"<div xmlns="http://www.w3.org/1999/xhtml"><p>Ann <b>Smith</b> &amp; co</p></div>"#)
        #expect(String(decoding: FHIRXML.encode(patient), as: UTF8.self).hasSuffix(
            #"<div xmlns="http://www.w3.org/1999/xhtml"><p>Ann <b>Smith</b> &amp; co</p></div></text></Patient>"#))
    }
}
