import FHIRFormat
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String) throws -> JSONNode { try JSONParser().parse(Array(text.utf8)) }

    @Test func numbersKeepTheirLexicalFormAndMembersTheirOrder() throws {
        let node = try parse(#"{"value": 1.50, "b": -0.0, "a": 6.02e23, "z": [1, 2.000]}"#)
        guard case .object(let members) = node else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["value", "b", "a", "z"])
        #expect(node["value"] == .number("1.50"))
        #expect(node["b"] == .number("-0.0"))
        #expect(node["a"] == .number("6.02e23"))
        #expect(node["z"] == .array([.number("1"), .number("2.000")]))
    }

    @Test func stringsResolveEscapesIncludingSurrogatePairs() throws {
        let node = try parse(#"["a\"b\\c\/d\n\t", "\u00e9\u4e2d", "\ud83d\ude00", "héllo"]"#)
        #expect(node == .array([.string("a\"b\\c/d\n\t"), .string("é中"), .string("😀"), .string("héllo")]))
    }

    @Test func literalsAndEmptyContainers() throws {
        #expect(try parse(" [true, false, null, {}, []] ") == .array([.bool(true), .bool(false), .null, .object([]), .array([])]))
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 1, 9, "expected a member name"),
        (#"{"a": 1 "b": 2}"#, 1, 9, "expected ',' or '}'"),
        ("{\"a\": 1,\n \"a\": 2}", 2, 2, "duplicate member 'a'"),
        (#"[01]"#, 1, 3, "leading zero"),
        (#"[1.]"#, 1, 4, "digits after '.'"),
        (#"[NaN]"#, 1, 2, "unexpected character 'N'"),
        (#"{"a": tru}"#, 1, 7, "true"),
        ("[\"a\u{01}b\"]", 1, 4, "control character"),
        (#"["\x"]"#, 1, 4, "is not a JSON escape"),
        (#"["\ud83d"]"#, 1, 9, "surrogate"),
        (#"{"a": 1"#, 1, 8, "expected ',' or '}'"),
        (#"{"a": 1} {"#, 1, 10, "after the JSON value"),
        ("", 1, 1, "ends where a value should start"),
        (#"// comment"#, 1, 1, "unexpected character '/'"),
    ])
    func malformedJSONIsReportedWithItsPlace(text: String, line: Int, column: Int, message: String) {
        #expect {
            try parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == line && error.column == column && error.message.contains(message)
        }
    }

    @Test func invalidUTF8IsRejected() {
        let bytes: [UInt8] = Array(#"{"name": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONParser().parse(bytes) }
    }

    @Test func nestingDeeperThanTheLimitFailsFast() throws {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect {
            try parse(deep)
        } throws: { error in
            (error as? JSONSyntaxError)?.message.contains("deeper than 64") == true
        }
        let allowed = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try parse(allowed)
    }
}
