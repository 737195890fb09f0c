import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import Store
import Testing

/// `Patient/{id}/$everything`: the Patient and their Observations, paged, bounded by date, `_since` and
/// `_type`, with every error named; the expectations come from the data the test writes, and every
/// answer is valid FHIR.
@Suite struct EverythingOperationTests {
    /// The addresses of the entries of every page, following `next` links from `first`.
    static func walk(_ client: some TestClientProtocol, _ first: TestResponse, corpus: inout SchemaCorpus) async throws
        -> (addresses: [String], pages: Int)
    {
        var addresses = first.entries.map(\.address)
        var response = first
        var pages = 1
        while let next = (response.json["link"] as? [[String: Any]] ?? []).first(where: { $0["relation"] as? String == "next" }),
              let url = next["url"] as? String {
            let path = String(url.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" }))
            response = try await client.execute(uri: path, method: .get, headers: [.accept: "application/fhir+json"], body: nil)
            #expect(response.status == .ok, "\(path): \(response.bodyText)")
            corpus.add(response)
            addresses += response.entries.map(\.address)
            pages += 1
            if pages > 100 { break }
        }
        return (addresses, pages)
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    static func instant(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    @Test func thePatientAndEveryObservationOfTheirsComeOnceAcrossPages() async throws {
        try await TestGateway.run { client, store in
            let id = try await ObservationOperationsTests.patient(in: store)
            let other = try await ObservationOperationsTests.patient(in: store, number: 2)
            var corpus = SchemaCorpus()
            let first = try await client.fhir(.get, "Patient/\(id)/$everything?_count=3")
            #expect(first.status == .ok, "\(first.bodyText)")
            #expect(first.json["type"] as? String == "searchset")
            corpus.add(first)
            #expect(first.entries.first?.address == "Patient/\(id)", "the Patient comes first")
            let selfLink = (first.json["link"] as? [[String: Any]])?.first { $0["relation"] as? String == "self" }?["url"] as? String
            #expect(selfLink?.hasSuffix("/fhir/Patient/\(id)/$everything?_count=3") == true, "\(selfLink ?? "no self link")")
            let (addresses, pages) = try await Self.walk(client, first, corpus: &corpus)
            // 4 glucose values, 3 heart rates and one blood pressure (ObservationOperationsTests.patient).
            let observations = addresses.filter { $0.hasPrefix("Observation/") }
            #expect(observations.count == 8 && Set(observations).count == 8, "\(addresses)")
            #expect(addresses.filter { $0.hasPrefix("Patient/") } == ["Patient/\(id)"])
            #expect(pages == 3, "9 entries, 3 a page")
            let all = try await client.fhir(.get, "Patient/\(id)/$everything")
            #expect(all.json["total"] as? Int == 9)
            #expect(all.entries.allSatisfy { $0.patient == String(id) }, "nothing of Patient/\(other)")
            #expect(try corpus.problems() == [])
        }
    }

    @Test func startEndSinceAndTypeKeepWhatTheySay() async throws {
        try await TestGateway.run { client, store in
            let id = try await ObservationOperationsTests.patient(in: store)
            // 2 and 3 November: glucose 100 and 130, the heart rate of the 3rd, the blood pressure.
            let bounded = try await client.fhir(.get, "Patient/\(id)/$everything?start=2026-11-03&end=2026-11-04")
            #expect(bounded.status == .ok, "\(bounded.bodyText)")
            #expect(bounded.entries.map(\.address).filter { $0.hasPrefix("Observation/") }.count == 4, "\(bounded.bodyText)")
            let onlyPatient = try await client.fhir(.get, "Patient/\(id)/$everything?_type=Patient")
            #expect(onlyPatient.entries.map(\.address) == ["Patient/\(id)"])
            #expect(onlyPatient.json["total"] as? Int == 1)
            let onlyObservations = try await client.fhir(.get, "Patient/\(id)/$everything?_type=Observation")
            #expect(onlyObservations.entries.count == 8 && onlyObservations.entries.allSatisfy { $0.address.hasPrefix("Observation/") })
            let both = try await client.fhir(.get, "Patient/\(id)/$everything?_type=Patient,Observation")
            #expect(both.entries.count == 9)
            // _since a second before the first write keeps all; a second after the last, nothing (the
            // times come from the answer: the store's clock is the real one).
            let updated = (both.json["entry"] as? [[String: Any]] ?? []).compactMap { entry in
                ((entry["resource"] as? [String: Any])?["meta"] as? [String: Any])?["lastUpdated"] as? String
            }.compactMap(Self.date)
            let earliest = try #require(updated.min()), latest = try #require(updated.max())
            let before = try await client.fhir(.get, "Patient/\(id)/$everything?_since=\(Self.instant(earliest - 1))")
            let after = try await client.fhir(.get, "Patient/\(id)/$everything?_since=\(Self.instant(latest + 1))")
            #expect(before.entries.count == 9, "\(before.bodyText)")
            #expect(after.status == .ok && after.entries.isEmpty && after.json["total"] as? Int == 0, "\(after.bodyText)")
            var corpus = SchemaCorpus()
            for response in [bounded, onlyPatient, onlyObservations, both, before, after] { corpus.add(response) }
            #expect(try corpus.problems() == [])
        }
    }

    @Test func everyBadInputIsNamed() async throws {
        try await TestGateway.run { client, store in
            let id = try await ObservationOperationsTests.patient(in: store)
            for (query, expression) in [("start=2026-13-01", "start"), ("end=yesterday", "end"), ("_since=2026-11-01", "_since"),
                                        ("_type=Encounter", "_type"), ("_count=-1", "_count"), ("page=2", "page"),
                                        ("start=2026-11-01&start=2026-11-02", "start")] {
                let response = try await client.fhir(.get, "Patient/\(id)/$everything?\(query)")
                #expect(response.status == .badRequest, "\(query): \(response.bodyText)")
                #expect(response.json["resourceType"] as? String == "OperationOutcome")
                #expect(response.firstIssue.expression == expression, "\(query): \(response.bodyText)")
            }
            let unknown = try await client.fhir(.get, "Patient/999/$everything")
            #expect(unknown.status == .notFound && unknown.firstIssue.diagnostics.contains("Patient/999"), "\(unknown.bodyText)")
            let capability = try await client.fhir(.get, "metadata")
            #expect(capability.bodyText.contains("http://hl7.org/fhir/OperationDefinition/Patient-everything"))
        }
    }
}
