import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `$export` with authorization on: system scopes for every patient, the exported types those the scopes
/// allow (categories too), and a job, its status, its files and its cancel its holder's alone.
@Suite struct ExportAuthorizationTests {
    @Test func onlyScopesForEveryPatientExportAndTheyExportWhatTheyAllow() async throws {
        try await AuthGateway.run { client, _ in
            for token in [AuthGateway.Token.patientOwn, .userPatient, .granularLaboratory] {
                let response = try await ExportClient(client: client, token: token).kickOff("/fhir/$export")
                #expect(response.status == .forbidden, "\(token): \(response.bodyText)")
                #expect(response.bodyText.contains("system/"), "\(token): \(response.bodyText)")
            }
            let unauthenticated = try await ExportClient(client: client, token: .none).kickOff("/fhir/$export")
            #expect(unauthenticated.status == .unauthorized)
            let askedTooMuch = try await ExportClient(client: client, token: .observationsOnly).kickOff("/fhir/$export?_type=Patient")
            #expect(askedTooMuch.status == .forbidden, "\(askedTooMuch.bodyText)")

            let patientsOnly = ExportClient(client: client, token: .patientsOnly)
            let patients = try await patientsOnly.export("/fhir/$export")
            #expect((patients.json["output"] as? [[String: Any]])?.compactMap { $0["type"] as? String } == ["Patient"])
            #expect(patients.json["requiresAccessToken"] as? Bool == true)

            let laboratory = ExportClient(client: client, token: .systemLaboratory)
            let labs = try await laboratory.export("/fhir/$export?_type=Observation")
            let observations = try await laboratory.resources(labs, type: "Observation")
            #expect(TestResponse.addresses(observations).sorted() == ["Observation/lab-1", "Observation/lab-2"])

            let system = ExportClient(client: client, token: .system)
            let everything = try await system.export("/fhir/$export")
            let all = TestResponse.addresses(try await system.resources(everything, type: "Observation"))
            #expect(all.contains("Observation/vital-1") && all.contains("Observation/lab-2"), "\(all)")
        }
    }

    @Test func aJobItsFilesAndItsCancelAreItsHoldersAlone() async throws {
        try await AuthGateway.run { client, _ in
            let system = ExportClient(client: client, token: .system)
            let accepted = try await system.kickOff("/fhir/$export")
            let status = ExportClient.path(try #require(accepted.headers[.contentLocation]))
            let done = try await system.finish(status)
            #expect(done.status == .ok)
            let url = try #require((done.json["output"] as? [[String: Any]])?.first?["url"] as? String)
            let other = AuthGateway.Token.otherBackend
            #expect(try await client.call(.get, status, token: other).status == .notFound)
            #expect(try await client.call(.get, ExportClient.path(url), token: other).status == .notFound)
            #expect(try await client.call(.delete, status, token: other).status == .notFound)
            #expect(try await client.call(.get, ExportClient.path(url), token: .none).status == .unauthorized)
            #expect(try await client.call(.get, ExportClient.path(url), token: .system).status == .ok)
            // The same holder with other scopes still holds its job.
            #expect(try await client.call(.get, status, token: .observationsOnly).status == .ok)
            #expect(try await client.call(.delete, status, token: .system).status == .accepted)
        }
    }
}
