@testable import FHIRFormat
import FHIRModels
import Foundation
import Testing

/// The streaming JSON writer writes what the element-tree writer writes, byte for byte, and hands a
/// model it cannot stream back to the tree.
@Suite struct FHIRJSONStreamWriterTests {
    /// Every Sample and every official example the gateway reads: streamed, or through the tree when the
    /// model cannot be streamed, the bytes are the tree writer's, compact and pretty.
    @Test func streamedJSONIsTheTreeWritersJSON() throws {
        let samples = try FileManager.default.contentsOfDirectory(at: FHIRRoundTripTests.samples, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        var streamed = 0, fellBack = 0
        for file in try FHIRJSONTests.exampleFiles() + samples {
            guard let resource = try? FHIRJSON.decode(Array(try Data(contentsOf: file))) else { continue }
            for pretty in [false, true] {
                let tree = FHIRJSON.encode(node: resource.node, pretty: pretty)
                #expect(FHIRJSON.encode(resource, pretty: pretty) == tree, "\(file.lastPathComponent)")
                if let bytes = FHIRJSONStreamWriter.encode(resource, pretty: pretty) {
                    #expect(bytes == tree, "\(file.lastPathComponent)")
                    streamed += 1
                } else {
                    fellBack += 1
                }
            }
        }
        #expect(streamed >= 2 * 19, "every Sample streams")
        #expect(fellBack > 0, "examples with elements kept out of order fall back to the tree")
    }

    /// A Patient as the gateway maps it streams; one with a kept element that the definition places
    /// before modelled ones does not, and is written in definition order through the tree.
    @Test func keptElementsOutOfOrderFallBackToTheTree() throws {
        var patient = Patient(id: FHIRId("7"))
        patient.gender = FHIRCode("female")
        patient.generalPractitioner = [Reference(reference: FHIRString("Practitioner/1"))]
        #expect(FHIRJSONStreamWriter.encode(.patient(patient), pretty: false) != nil)

        // `photo` comes before `generalPractitioner` in Patient's definition; models write kept elements last.
        patient.keptElements = [ElementNode(name: "photo", content: .complex([
            ElementNode(name: "contentType", content: .primitive(PrimitiveContent(lexical: "image/png", form: .string))),
        ]), repeats: true)]
        #expect(FHIRJSONStreamWriter.encode(.patient(patient), pretty: false) == nil)
        let json = String(decoding: FHIRJSON.encode(.patient(patient)), as: UTF8.self)
        #expect(json == #"{"resourceType":"Patient","id":"7","gender":"female","photo":[{"contentType":"image/png"}],"#
            + #""generalPractitioner":[{"reference":"Practitioner/1"}]}"#)
    }
}
