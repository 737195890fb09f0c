import FHIRFormat
import FHIRModels
import FHIRTestSupport
import Foundation
import Mapping
import NativeModel
import PopulationGenerator
import Testing

/// The generator's FHIR formats: deterministic, valid FHIR R4, with the variety of a real EHR export,
/// and what the gateway maps of it maps without a complaint.
@Suite struct FHIRExportTests {
    static let generator = PopulationGeneratorTests.generator
    static let people = 12

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("fhir-export-\(UUID().uuidString)")
    }

    static func lines(_ file: URL) throws -> [[UInt8]] {
        try Data(contentsOf: file).split(separator: UInt8(ascii: "\n")).map(Array.init)
    }

    @Test func theNDJSONExportIsTheSameForASeedAndValidFHIR() throws {
        let first = Self.folder()
        let second = Self.folder()
        defer { for folder in [first, second] { try? FileManager.default.removeItem(at: folder) } }
        let counts = try FHIRPopulationFile.writeNDJSON(Self.generator.members(count: Self.people), seed: 7, to: first)
        try FHIRPopulationFile.writeNDJSON(Self.generator.members(count: Self.people), seed: 7, to: second)
        #expect(counts["Patient"] == Self.people)
        #expect(counts["Encounter"] == Self.people)
        #expect(counts["Observation", default: 0] > Self.people * 30)
        for type in ["Patient", "Observation", "Encounter"] {
            let file = first.appendingPathComponent("\(type).ndjson")
            #expect(try Data(contentsOf: file) == Data(contentsOf: second.appendingPathComponent("\(type).ndjson")))
            #expect(try FHIRSchema.problems(inNDJSON: file) == [], "\(type)")
        }
    }

    @Test func theExportHasTheVarietyOfARealEHR() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FHIRPopulationFile.writeNDJSON(Self.generator.members(count: Self.people), seed: 7, to: folder)
        var units: [String: Set<String>] = [:]
        var panels = 0
        var mapped = 0
        var unmapped: Set<String> = []
        let now = PopulationGeneratorTests.now
        for line in try Self.lines(folder.appendingPathComponent("Observation.ndjson")) {
            guard case .observation(var observation) = try FHIRJSON.decode(line) else { continue }
            observation.subject = Reference(reference: "Patient/1")  // the export's ids are the EHR's, not the gateway's
            let code = observation.code?.coding.first?.code?.value ?? ""
            if case .quantity(let quantity)? = observation.value { units[code, default: []].insert(quantity.code?.value ?? "") }
            if observation.component.count == 2 { panels += 1 }
            do {
                _ = try ObservationMapping.measurement(observation, now: now)
                mapped += 1
            } catch let error as MappingError {
                #expect(error.issues.first?.code == .codeInvalid, "\(error)")
                unmapped.insert(code)
            }
        }
        #expect(units["15074-8"] == ["mmol/L"], "glucose sometimes in moles per volume")
        #expect(units["2339-0"] == ["mg/dL"])
        #expect(units["29463-7"] == ["kg", "[lb_av]"], "weight sometimes in pounds")
        #expect(panels > 0, "blood pressure as a panel")
        #expect(unmapped == ["8310-5"], "body temperature is exported and not mapped")
        #expect(mapped > Self.people * 30)
        for line in try Self.lines(folder.appendingPathComponent("Patient.ndjson")) {
            guard case .patient(let patient) = try FHIRJSON.decode(line) else { continue }
            #expect(patient.identifier.first?.system?.value == PopulationGenerator.mrnSystem, "every Patient has an MRN")
            #expect(patient.identifier.first?.type?.coding.first?.code?.value == "MR")
        }
    }

    /// The shapes of real-world data (issue 21): shared licences and household emails, unitless
    /// blood-pressure components, daily sleep totals; and all of it still maps.
    @Test func theExportHasTheShapesOfRealWorldData() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let generator = PopulationGenerator(seed: 7, days: 10, lastDay: PopulationGeneratorTests.lastDay)
        try FHIRPopulationFile.writeNDJSON(generator.members(count: 80), seed: 7, to: folder)
        var licences: [String: Int] = [:], emails: [String: Int] = [:]
        for line in try Self.lines(folder.appendingPathComponent("Patient.ndjson")) {
            guard case .patient(let patient) = try FHIRJSON.decode(line) else { continue }
            for identifier in patient.identifier where identifier.system?.value == "urn:oid:2.16.840.1.113883.4.3.25" {
                licences[identifier.value?.value ?? "", default: 0] += 1
            }
            for telecom in patient.telecom where telecom.system?.value == "email" { emails[telecom.value?.value ?? "", default: 0] += 1 }
            #expect(PatientRecordNumbers.of(patient).count == 1, "matching takes the MRN, never the licence")
        }
        #expect(licences.values.filter { $0 == 2 }.count == 3, "patients 23 and 24, 48 and 49, 73 and 74")
        #expect(emails.values.filter { $0 == 2 }.count == 2, "two households")
        var unitless = 0, dailySleep = 0
        let now = PopulationGeneratorTests.now
        for line in try Self.lines(folder.appendingPathComponent("Observation.ndjson")) {
            guard case .observation(var observation) = try FHIRJSON.decode(line) else { continue }
            observation.subject = Reference(reference: "Patient/1")  // as an import resolves it
            if observation.component.contains(where: { if case .quantity(let q)? = $0.value { q.code == nil } else { false } }) {
                unitless += 1
            }
            if case .period(let period)? = observation.effective, observation.code?.coding.first?.code?.value == "93832-4",
               period.start?.value?.contains("T00:00:00") == true {
                dailySleep += 1
            }
            guard observation.code?.coding.first?.code?.value != "8310-5" else { continue }  // body temperature: not mapped
            #expect(throws: Never.self) { try ObservationMapping.measurement(observation, serverBase: nil, now: now) }
        }
        #expect(unitless > 5 && dailySleep > 20, "\(unitless) unitless panels, \(dailySleep) daily sleep totals")
    }

    /// `--unmapped-share`: real EHR Bundles are mostly resources the gateway does not keep (issue 21).
    @Test func bundlesCanCarryTheClinicalHistoryOfARealEHR() throws {
        let file = Self.folder().appendingPathExtension("ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let generator = PopulationGenerator(seed: 7, days: 4, lastDay: PopulationGeneratorTests.lastDay)
        let counts = try FHIRPopulationFile.writeBundles(generator.members(count: 2), seed: 7, unmappedShare: 0.8, to: file)
        #expect(counts.bundles == 2)
        #expect(try FHIRSchema.problems(inNDJSON: file) == [])
        for line in try Self.lines(file) {
            guard case .bundle(let bundle) = try FHIRJSON.decode(line) else {
                Issue.record("not a Bundle")
                continue
            }
            let types = bundle.entry.compactMap(\.resource?.resourceType)
            let unmapped = types.filter { $0 != "Patient" && $0 != "Observation" }
            #expect(Double(unmapped.count) / Double(types.count) >= 0.8, "\(types.count) entries")
            #expect(Set(unmapped).isSuperset(of: ["Claim", "ExplanationOfBenefit", "Condition", "Immunization"]))
            for entry in bundle.entry where entry.resource?.resourceType == "Claim" {
                #expect(entry.request?.url?.value == "Claim" && entry.fullUrl?.value?.hasPrefix("urn:uuid:") == true)
            }
        }
    }

    @Test func bundlesAreTransactionsLinkedByUUIDs() throws {
        let file = Self.folder().appendingPathExtension("ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        // A short history: the schema check of whole Bundles is slow (every entry's resource is a oneOf).
        let generator = PopulationGenerator(seed: 7, days: 4, lastDay: PopulationGeneratorTests.lastDay)
        let counts = try FHIRPopulationFile.writeBundles(generator.members(count: 3), seed: 7, to: file)
        #expect(counts.bundles == 3)
        #expect(try FHIRSchema.problems(inNDJSON: file) == [])
        for line in try Self.lines(file) {
            guard case .bundle(let bundle) = try FHIRJSON.decode(line) else {
                Issue.record("not a Bundle")
                continue
            }
            #expect(bundle.type?.value == "transaction")
            let patient = try #require(bundle.entry.first)
            #expect(patient.request?.ifNoneExist?.value?.hasPrefix("identifier=\(PopulationGenerator.mrnSystem)|") == true)
            let patientURL = try #require(patient.fullUrl?.value)
            #expect(patientURL.hasPrefix("urn:uuid:"))
            for entry in bundle.entry.dropFirst() {
                guard case .observation(let observation)? = entry.resource else { continue }
                #expect(observation.subject?.reference?.value == patientURL)
                #expect(entry.request?.method?.value == "POST")
            }
            #expect(Set(bundle.entry.compactMap(\.fullUrl?.value)).count == bundle.entry.count, "full URLs are unique")
        }
    }
}
