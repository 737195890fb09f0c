import FHIRFormat
import Foundation
import Testing

@Suite struct JSONWriterTests {
    func written(_ node: JSONNode, pretty: Bool = false) -> String {
        var writer = JSONWriter(pretty: pretty)
        writer.write(node)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func compactOutputKeepsOrderAndLexicalNumbers() {
        let node = JSONNode.object([
            JSONMember("resourceType", .string("Observation")),
            JSONMember("valueQuantity", .object([JSONMember("value", .number("1.50")), JSONMember("unit", .string("mmol/L"))])),
            JSONMember("flags", .array([.bool(true), .null, .array([]), .object([])])),
        ])
        #expect(written(node)
                == #"{"resourceType":"Observation","valueQuantity":{"value":1.50,"unit":"mmol/L"},"flags":[true,null,[],{}]}"#)
    }

    @Test func prettyOutputIndentsByTwoSpaces() {
        let node = JSONNode.object([JSONMember("a", .array([.number("1"), .object([JSONMember("b", .string("c"))])])),
                                    JSONMember("e", .object([]))])
        #expect(written(node, pretty: true) == """
            {
              "a": [
                1,
                {
                  "b": "c"
                }
              ],
              "e": {}
            }
            """)
    }

    @Test func stringsAreEscapedAsRFC8259Requires() {
        #expect(written(.string("quote \" backslash \\ newline \n tab \t bell \u{07} é 😀"))
                == #""quote \" backslash \\ newline \n tab \t bell \u0007 é 😀""#)
    }

    @Test func writingWhatWasParsedGivesTheSameTree() throws {
        let text = #"{"a":[1.50,"x\u0001y",{"b":null,"c":-1e-7}],"d":true}"#
        let node = try JSONParser().parse(Array(text.utf8))
        let again = try JSONParser().parse(Array(written(node).utf8))
        #expect(again == node)
        #expect(written(node) == text)
    }

    /// Every official R4 example and definition the project ships as a fixture parses and survives
    /// writing, decimals and member order included.
    @Test(arguments: ["fhir-r4-examples", "fhir-r4-core"])
    func theOfficialExamplesRoundTrip(folder: String) throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(folder)
        let files = try FileManager.default.contentsOfDirectory(at: fixtures, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        #expect(files.count >= 5)
        for file in files {
            let node = try JSONParser().parse(Array(try Data(contentsOf: file)))
            let rewritten = try JSONParser().parse(Array(written(node, pretty: true).utf8))
            #expect(rewritten == node, "\(file.lastPathComponent)")
        }
    }
}
