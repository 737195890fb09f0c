import FHIRModels
import Testing

/// `ElementWriter` puts elements in definition order whatever order they are written in, and keeps
/// the order of repeats.
@Suite struct ElementWriterTests {
    @Test func elementsWrittenOutOfOrderComeOutInDefinitionOrder() {
        var writer = ElementWriter(Coding.elements)
        writer.write("display", FHIRString("Heart rate"))
        writer.write("system", FHIRURI("http://loinc.org"))
        writer.write("code", FHIRCode("8867-4"))
        #expect(writer.nodes.map(\.name) == ["system", "code", "display"])
    }

    @Test func elementsWrittenInOrderKeepItAndRepeatsKeepTheirs() {
        var writer = ElementWriter(CodeableConcept.elements)
        writer.write("coding", [Coding(code: "b"), Coding(code: "a")])
        writer.write("text", FHIRString("t"))
        let nodes = writer.nodes
        #expect(nodes.map(\.name) == ["coding", "coding", "text"])
        #expect(nodes.first?.repeats == true)
        #expect(nodes.first?.children.first { $0.name == "code" }.map { node -> String? in
            if case .primitive(let content) = node.content { return content.lexical }
            return nil
        } == .some("b"))
    }
}
