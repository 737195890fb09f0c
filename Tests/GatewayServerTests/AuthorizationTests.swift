import AuthTestSupport
import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// SMART on FHIR authorization, walked as the issue asks: every interaction × every kind of token,
/// checking status, `WWW-Authenticate`, the OperationOutcome and, for reads and searches, exactly which
/// resources come back (nothing of another patient in any entry, total, link or included resource).
@Suite struct AuthorizationTests {
    typealias Token = AuthGateway.Token

    /// The protected routes a bad token tries: FHIR reads, searches, history, operations, writes, the
    /// native API and its health score alias.
    static let protected: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/fhir/Patient/1", nil), (.get, "/fhir/Observation/lab-1", nil), (.get, "/fhir/Observation", nil),
        (.post, "/fhir/Observation/_search", nil), (.get, "/fhir/Patient/1/_history", nil), (.get, "/fhir/_history", nil),
        (.get, "/fhir/Observation/$lastn?patient=1", nil), (.get, "/fhir/Patient/1/$health-score", nil),
        (.get, "/fhir/Patient/$health-score-population", nil), (.get, "/fhir/StructureDefinition", nil),
        (.post, "/fhir", #"{"resourceType":"Bundle","type":"transaction","entry":[]}"#),
        (.delete, "/fhir/Patient/1", nil), (.post, "/fhir/$import", "{}"),
        (.get, "/api/v1/users", nil), (.get, "/api/v1/users/1/vitals", nil), (.get, "/get_health_score?user_id=1", nil),
    ]

    @Test(arguments: Token.bad)
    func badTokensGetInNowhere(token: Token) async throws {
        try await AuthGateway.run { client, _ in
            for (method, path, body) in Self.protected {
                let response = try await client.call(method, path, token: token, body: body)
                #expect(response.status == .unauthorized, "\(method) \(path): \(response.bodyText)")
                let challenge = response.headers[.wwwAuthenticate] ?? ""
                #expect(challenge.hasPrefix(#"Bearer realm="health-gateway""#), "\(path)")
                if token == .none {
                    #expect(!challenge.contains("error="), "\(challenge)")
                } else {
                    #expect(challenge.contains(#"error="invalid_token""#) && challenge.contains("error_description="),
                            "\(challenge)")
                }
                if path.hasPrefix("/fhir") {
                    #expect(response.json["resourceType"] as? String == "OperationOutcome", "\(path)")
                    #expect(response.firstIssue.code == "login", "\(path): \(response.bodyText)")
                } else {
                    #expect(response.error["code"] as? String == "invalid_token", "\(path): \(response.bodyText)")
                }
                #expect(!response.bodyText.contains("MRN-") && !response.bodyText.contains("example.org"))
            }
        }
    }

    @Test func publicRoutesNeedNoToken() async throws {
        try await AuthGateway.run { client, _ in
            #expect(try await client.call(.get, "/health", token: .none).status == .ok)
            let metadata = try await client.call(.get, "/fhir/metadata", token: .none)
            #expect(metadata.status == .ok)
            let security = ((metadata.json["rest"] as? [[String: Any]])?.first?["security"] as? [String: Any]) ?? [:]
            let service = ((security["service"] as? [[String: Any]])?.first?["coding"] as? [[String: Any]])?.first
            #expect(service?["code"] as? String == "SMART-on-FHIR")
            let oauth = (security["extension"] as? [[String: Any]])?.first
            #expect(oauth?["url"] as? String == "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")
            #expect(metadata.bodyText.contains("https://idp.test.example/token"))
            let discovery = try await client.call(.get, "/fhir/.well-known/smart-configuration", token: .none)
            #expect(discovery.status == .ok)
            #expect(discovery.headers[.contentType] == "application/json")
            #expect(discovery.json["issuer"] as? String == TestIdentityProvider.issuer)
            #expect(discovery.json["token_endpoint"] as? String == "https://idp.test.example/token")
            #expect(discovery.json["authorization_endpoint"] as? String == "https://idp.test.example/authorize")
            #expect(discovery.json["code_challenge_methods_supported"] as? [String] == ["S256"])
            let capabilities = discovery.json["capabilities"] as? [String] ?? []
            for capability in ["permission-v2", "permission-v1", "permission-patient", "permission-user", "launch-standalone",
                               "client-confidential-asymmetric"] {
                #expect(capabilities.contains(capability), "\(capability)")
            }
        }
    }

    /// Reads of one's own, another patient's, and another category's resources; outside the compartment
    /// the answer is the one for a resource that does not exist.
    @Test(arguments: [
        (Token.patientOwn, ["Patient/1", "Observation/lab-1", "Observation/vital-1", "Observation/act-1-steps"]),
        (.patientOther, ["Patient/2", "Observation/lab-2", "Observation/vital-2", "Observation/act-2-steps"]),
        (.granularLaboratory, ["Patient/1", "Observation/lab-1"]),
        (.userPatient, ["Patient/1", "Observation/lab-1", "Observation/vital-1", "Observation/act-1-steps"]),
        (.system, ["Patient/1", "Patient/2", "Observation/lab-1", "Observation/lab-2", "Observation/vital-1",
                   "Observation/vital-2", "Observation/act-1-steps", "Observation/act-2-steps"]),
    ])
    func readsAnswerWithinTheCompartment(token: Token, readable: [String]) async throws {
        try await AuthGateway.run { client, _ in
            let all = ["Patient/1", "Patient/2", "Observation/lab-1", "Observation/lab-2", "Observation/vital-1",
                       "Observation/vital-2", "Observation/act-1-steps", "Observation/act-2-steps"]
            for address in all {
                let response = try await client.call(.get, "/fhir/\(address)", token: token)
                if readable.contains(address) {
                    #expect(response.status == .ok, "\(token) \(address): \(response.bodyText)")
                    let vread = try await client.call(.get, "/fhir/\(address)/_history/1", token: token)
                    #expect(vread.status == .ok, "\(token) \(address) vread")
                } else {
                    #expect(response.status == .notFound, "\(token) \(address): \(response.bodyText)")
                    #expect(response.firstIssue.diagnostics == "\(address) is not known", "\(response.bodyText)")
                    for path in ["\(address)/_history/1", "\(address)/_history"] {
                        let hidden = try await client.call(.get, "/fhir/\(path)", token: token)
                        #expect(hidden.status == .notFound, "\(token) \(path): \(hidden.bodyText)")
                    }
                }
            }
        }
    }

    /// Every search shape, its total and its included resources keep to what the token may see: the
    /// exact set is what the system token sees, filtered by the compartment and category.
    @Test(arguments: [Token.patientOwn, .patientOther, .granularLaboratory, .userPatient])
    func searchesSeeOnlyTheCompartment(token: Token) async throws {
        try await AuthGateway.run { client, _ in
            let patient = token == .patientOther ? "2" : "1"
            let laboratoryOnly = token == .granularLaboratory
            let searches = [
                "Observation?_count=100", "Observation?patient=2&_count=100", "Observation?patient=1&_count=100",
                "Observation?_include=Observation:subject&_count=100", "Observation?_total=accurate&_count=100",
                "Observation?category=vital-signs,laboratory&_count=100", "Observation?subject:Patient.identifier=MRN-2",
                "Patient?_count=100", "Patient?_revinclude=Observation:subject&_count=100", "Patient?identifier=MRN-2",
            ]
            for search in searches {
                let everything = try await client.call(.get, "/fhir/\(search)", token: .system)
                #expect(everything.status == .ok, "\(search): \(everything.bodyText)")
                let expected = Set(everything.entries.filter { entry in
                    entry.patient == patient && (!laboratoryOnly || entry.address.hasPrefix("Patient/")
                        || entry.category == "laboratory")
                }.map(\.address))
                let response = try await client.call(.get, "/fhir/\(search)", token: token)
                #expect(response.status == .ok, "\(token) \(search): \(response.bodyText)")
                #expect(Set(response.entries.map(\.address)) == expected, "\(token) \(search)")
                #expect(response.entries.allSatisfy { $0.patient == patient }, "\(token) \(search)")
                if let total = response.json["total"] as? Int {
                    #expect(total == response.entries.filter { !$0.address.hasPrefix(search.hasPrefix("Patient") ? "Observation" : "Patient") }.count,
                            "\(token) \(search): total \(total)")
                }
                let other = patient == "1" ? "2" : "1"
                if !search.contains("MRN-") {  // (a search's own text comes back in its self link)
                    #expect(!response.bodyText.contains("MRN-\(other)") && !response.bodyText.contains("patient\(other)@"))
                }
            }
            let count = try await client.call(.get, "/fhir/Observation?_summary=count", token: token)
            let visible = try await client.call(.get, "/fhir/Observation?_count=100", token: token)
            #expect(count.json["total"] as? Int == visible.entries.count, "\(token) _summary=count")
        }
    }

    /// Type and system history show only the caller's compartment, and their cursors, like search's,
    /// are refused under another token.
    @Test func historyAndCursorsAreBoundToTheCaller() async throws {
        try await AuthGateway.run { client, _ in
            for path in ["/fhir/_history?_count=100", "/fhir/Observation/_history?_count=100", "/fhir/Patient/_history"] {
                let own = try await client.call(.get, path, token: .patientOwn)
                #expect(own.status == .ok, "\(path): \(own.bodyText)")
                #expect(!own.entries.isEmpty && own.entries.allSatisfy { $0.patient == "1" }, "\(path)")
                let system = try await client.call(.get, path, token: .system)
                #expect(Set(system.entries.map(\.patient)) == ["1", "2"], "\(path)")
            }
            for path in ["/fhir/Observation?_count=1", "/fhir/_history?_count=1"] {
                let first = try await client.call(.get, path, token: .patientOwn)
                let links = first.json["link"] as? [[String: Any]] ?? []
                let next = try #require(links.first { $0["relation"] as? String == "next" }?["url"] as? String)
                let relative = "/fhir" + (next.components(separatedBy: "/fhir").last ?? "")
                #expect(try await client.call(.get, relative, token: .patientOwn).status == .ok, "\(relative)")
                // A token minted anew for the same app and user (a refresh) goes on paging.
                let refreshed = try await AuthGateway.idp.token(TestTokenClaims(
                    exp: AuthGateway.now.timeIntervalSince1970 + 900, scope: "launch/patient openid fhirUser patient/*.cruds",
                    patient: "1"))
                #expect(try await client.execute(uri: relative, method: .get,
                                                 headers: [.authorization: "Bearer \(refreshed)"]).status == .ok)
                for other in [Token.userPatient, .system, .patientOther] {
                    let replayed = try await client.call(.get, relative, token: other)
                    #expect(replayed.status == .badRequest, "\(other) \(relative): \(replayed.bodyText.prefix(300))")
                    #expect(replayed.firstIssue.diagnostics.contains("cursor"), "\(replayed.bodyText)")
                }
            }
        }
    }

    static func observation(subject: String, code: String = "2339-0", value: Int = 101) -> String {
        #"{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"\#(code)"}]},"subject":{"reference":"\#(subject)"},"effectiveDateTime":"2026-11-10T08:00:00Z","valueQuantity":{"value":\#(value),"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}"#
    }

    @Test func writesStayInTheCompartment() async throws {
        try await AuthGateway.run { client, store in
            let own = try await client.call(.post, "/fhir/Observation", token: .patientOwn,
                                            body: Self.observation(subject: "Patient/1"))
            #expect(own.status == .created, "\(own.bodyText)")
            let unknown = try await client.call(.post, "/fhir/Observation", token: .system,
                                                body: Self.observation(subject: "Patient/999"))
            let other = try await client.call(.post, "/fhir/Observation", token: .patientOwn,
                                              body: Self.observation(subject: "Patient/2"))
            #expect(other.status == unknown.status && other.status == .unprocessableContent, "\(other.bodyText)")
            #expect(other.firstIssue.diagnostics == unknown.firstIssue.diagnostics.replacingOccurrences(of: "999", with: "2"))
            let byIdentifier = try await client.call(.post, "/fhir/Observation", token: .patientOwn, body: Self.observation(
                subject: "Patient?identifier=urn:oid:2.16.840.1.113883.3.9999.1|MRN-2"))
            #expect(byIdentifier.status == .unprocessableContent, "\(byIdentifier.bodyText)")

            let lab2 = try await client.call(.get, "/fhir/Observation/lab-2", token: .system)
            let update = try await client.call(.put, "/fhir/Observation/lab-2", token: .patientOwn,
                                               body: lab2.bodyText.replacingOccurrences(of: "\"value\":94", with: "\"value\":120"))
            #expect(update.status == .notFound, "\(update.bodyText)")
            #expect(update.firstIssue.diagnostics == "Observation/lab-2 is not known")
            let delete = try await client.call(.delete, "/fhir/Observation/lab-2", token: .patientOwn)
            let deleteUnknown = try await client.call(.delete, "/fhir/Observation/lab-999", token: .patientOwn)
            #expect(delete.status == deleteUnknown.status, "\(delete.bodyText)")
            #expect(try await client.call(.get, "/fhir/Observation/lab-2", token: .system).status == .ok)
            #expect(try await client.call(.delete, "/fhir/Patient/2", token: .patientOwn).status == .ok)
            #expect(try await client.call(.get, "/fhir/Patient/2", token: .system).status == .ok)
            let putOther = try await client.call(.put, "/fhir/Patient/2", token: .patientOwn,
                                                 body: #"{"resourceType":"Patient","id":"2"}"#)
            #expect(putOther.status == .forbidden, "\(putOther.bodyText)")

            // A granular read scope writes nothing: 403 naming the scope.
            let forbidden = try await client.call(.post, "/fhir/Observation", token: .granularLaboratory,
                                                  body: Self.observation(subject: "Patient/1"))
            #expect(forbidden.status == .forbidden, "\(forbidden.bodyText)")
            #expect(forbidden.firstIssue.code == "forbidden")
            #expect(forbidden.firstIssue.diagnostics.contains("Observation.c"), "\(forbidden.bodyText)")

            // A transaction with one entry outside the compartment writes nothing.
            let before = try await store.rowCounts()
            let bundle = #"{"resourceType":"Bundle","type":"transaction","entry":[{"resource":\#(Self.observation(subject: "Patient/1", value: 130)),"request":{"method":"POST","url":"Observation"}},{"resource":\#(Self.observation(subject: "Patient/2", value: 131)),"request":{"method":"POST","url":"Observation"}}]}"#
            let transaction = try await client.call(.post, "/fhir", token: .patientOwn, body: bundle)
            #expect(transaction.status == .unprocessableContent, "\(transaction.bodyText)")
            #expect(try await store.rowCounts() == before)
            let allowed = try await client.call(.post, "/fhir", token: .system, body: bundle)
            #expect(allowed.status == .ok, "\(allowed.bodyText)")
        }
    }

    /// Another patient's Observation with the same identifier neither matches a patient app's conditional
    /// create nor makes its create a conflict: the app learns nothing of it, and both are kept.
    @Test func anotherPatientsIdentifierStaysHidden() async throws {
        try await AuthGateway.run { client, store in
            func reading(_ subject: String) -> String {
                Self.observation(subject: subject).replacingOccurrences(
                    of: #""status":"final","#, with: #""identifier":[{"system":"urn:test:meter","value":"reading-77"}],"status":"final","#)
            }
            let theirs = try await client.call(.post, "/fhir/Observation", token: .system, body: reading("Patient/2"))
            #expect(theirs.status == .created, "\(theirs.bodyText)")
            let before = try await store.rowCounts()
            let conditional: HTTPFields = [try #require(HTTPField.Name("If-None-Exist")): "identifier=urn:test:meter|reading-77"]
            let mine = try await client.call(.post, "/fhir/Observation", token: .patientOwn, body: reading("Patient/1"),
                                             headers: conditional)
            #expect(mine.status == .created, "\(mine.bodyText)")
            #expect(mine.json["id"] as? String != theirs.json["id"] as? String)
            #expect(try await store.rowCounts()[.bloodTests] == (before[.bloodTests] ?? 0) + 1)
            // The same request again matches the caller's own Observation, as conditional create does.
            let again = try await client.call(.post, "/fhir/Observation", token: .patientOwn, body: reading("Patient/1"),
                                              headers: conditional)
            #expect(again.status == .ok && again.json["id"] as? String == mine.json["id"] as? String, "\(again.bodyText)")
            for (response, patient) in [(theirs, "Patient/2"), (mine, "Patient/1")] {
                let id = response.json["id"] as? String ?? ""
                let stored = try await client.call(.get, "/fhir/Observation/\(id)", token: .system)
                #expect((stored.json["subject"] as? [String: Any])?["reference"] as? String == patient, "\(stored.bodyText)")
            }
        }
    }

    /// Emails and identifiers are not unique across people: a patient app that gives its own Patient
    /// another person's email or record number is stored as it asks, and learns nothing of that person.
    @Test func anotherPatientsEmailAndIdentifierRevealNothing() async throws {
        try await AuthGateway.run { client, _ in
            let theirs = try await client.call(.get, "/fhir/Patient/2", token: .system)
            let email = try #require(((theirs.json["telecom"] as? [[String: Any]])?.first { $0["system"] as? String == "email" })?["value"] as? String)
            let identifier = try #require((theirs.json["identifier"] as? [[String: Any]])?.first { $0["value"] as? String == "MRN-2" })
            let system = try #require(identifier["system"] as? String), value = try #require(identifier["value"] as? String)
            var mine = try await client.call(.get, "/fhir/Patient/1", token: .patientOwn).json
            mine["telecom"] = [["system": "email", "value": email]]
            mine["identifier"] = [["system": system, "value": value]]
            mine.removeValue(forKey: "meta")
            let body = String(decoding: try JSONSerialization.data(withJSONObject: mine), as: UTF8.self)
            let updated = try await client.call(.put, "/fhir/Patient/1", token: .patientOwn, body: body)
            #expect(updated.status == .ok, "\(updated.bodyText)")
            let found = try await client.call(.get, "/fhir/Patient?identifier=\(system)|\(value)&_total=accurate", token: .patientOwn)
            #expect(found.json["total"] as? Int == 1, "only the caller's own Patient: \(found.bodyText)")
            #expect(found.entries.map(\.address) == ["Patient/1"])
            let stillTheirs = try await client.call(.get, "/fhir/Patient/2", token: .system)
            #expect((stillTheirs.json["identifier"] as? [[String: Any]])?.contains { $0["value"] as? String == value } == true)
        }
    }

    /// Chains read the other type, so its scopes count too: nothing the caller may not read is told by
    /// what a chain matches.
    @Test func chainsKeepToTheScopesOfBothTypes() async throws {
        try await AuthGateway.run { client, _ in
            let forbidden = try await client.call(.get, "/fhir/Observation?patient.identifier=urn:oid:2.16.840.1.113883.3.9999.1|MRN-2",
                                                  token: .observationsOnly)
            #expect(forbidden.status == .forbidden && forbidden.firstIssue.diagnostics.contains("chained search parameters"),
                    "\(forbidden.bodyText)")
            #expect(try await client.call(.get, "/fhir/Observation?code=2339-0", token: .observationsOnly).status == .ok)
            let noObservations = try await client.call(.get, "/fhir/Patient?_has:Observation:patient:code=2339-0", token: .patientsOnly)
            #expect(noObservations.status == .forbidden && noObservations.firstIssue.diagnostics.contains("_has:Observation"))

            // Patient 1's token: its own Patient only, whoever else has such Observations.
            let own = try await client.call(.get, "/fhir/Patient?_has:Observation:patient:code=2339-0&_total=accurate", token: .patientOwn)
            #expect(own.entries.map(\.address) == ["Patient/1"] && own.json["total"] as? Int == 1, "\(own.bodyText)")
            // A laboratory-only token sees no vital signs, so no Patient has one for it.
            let vitals = try await client.call(.get, "/fhir/Patient?_has:Observation:patient:code=85354-9&_total=accurate",
                                               token: .granularLaboratory)
            #expect(vitals.status == .ok && vitals.json["total"] as? Int == 0, "\(vitals.bodyText)")
            let labs = try await client.call(.get, "/fhir/Patient?_has:Observation:patient:code=2339-0", token: .granularLaboratory)
            #expect(labs.entries.map(\.address) == ["Patient/1"])
            // The other patient's identifier matches nothing for Patient 1's token.
            let other = try await client.call(.get, "/fhir/Observation?patient.identifier=urn:oid:2.16.840.1.113883.3.9999.1|MRN-2"
                                                  + "&_total=accurate", token: .patientOwn)
            #expect(other.status == .ok && other.json["total"] as? Int == 0, "\(other.bodyText)")
            let system = try await client.call(.get, "/fhir/Patient?_has:Observation:patient:code=2339-0", token: .system)
            #expect(system.entries.map(\.address) == ["Patient/1", "Patient/2"])
        }
    }

    @Test func operationsKeepToTheCompartmentAndScopes() async throws {
        try await AuthGateway.run { client, _ in
            let lastN = try await client.call(.get, "/fhir/Observation/$lastn?patient=1&max=5", token: .patientOwn)
            #expect(lastN.status == .ok && !lastN.entries.isEmpty && lastN.entries.allSatisfy { $0.patient == "1" })
            let granular = try await client.call(.get, "/fhir/Observation/$lastn?patient=1&max=5", token: .granularLaboratory)
            #expect(granular.entries.map(\.category) == ["laboratory"], "\(granular.bodyText)")
            for token in [Token.patientOwn, .userPatient] {
                for path in ["/fhir/Observation/$lastn?patient=2", "/fhir/Observation/$stats?subject=Patient/2&code=2339-0&statistic=count",
                             "/fhir/Patient/2/$health-score", "/fhir/Patient/2/$everything"] {
                    let response = try await client.call(.get, path, token: token)
                    #expect(response.status == .notFound, "\(token) \(path): \(response.bodyText)")
                    #expect(response.firstIssue.diagnostics == "Patient/2 is not known")
                }
            }
            let own = try await client.call(.get, "/fhir/Observation/$stats?subject=Patient/1&code=2339-0&statistic=count",
                                            token: .patientOwn)
            #expect(own.status == .ok, "\(own.bodyText)")
            let population = "/fhir/Observation/$stats?code=2339-0&statistic=count"
            let refused = try await client.call(.get, population, token: .patientOwn)
            #expect(refused.status == .forbidden && refused.firstIssue.diagnostics.contains("system/Observation.s"))
            #expect(try await client.call(.get, population, token: .system).status == .ok)
            let score = try await client.call(.get, "/fhir/Patient/1/$health-score?asOf=2026-11-04&days=7", token: .granularLaboratory)
            #expect(score.status == .forbidden, "\(score.bodyText)")
            let import403 = try await client.call(.post, "/fhir/$import", token: .patientOwn, body: "{}",
                                                  contentType: "application/fhir+ndjson")
            #expect(import403.status == .forbidden && import403.firstIssue.diagnostics.contains("system/"))
            let line = Self.observation(subject: "Patient/1", value: 99)
            let imported = try await client.call(.post, "/fhir/$import", token: .system, body: line + "\n",
                                                 contentType: "application/fhir+ndjson")
            #expect(imported.status == .accepted, "\(imported.bodyText)")
            // The job runs on: wait for it, so that the store is not taken away from under it.
            let statusURL = try #require(imported.headers[.contentLocation])
            let path = String(statusURL.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" }))
            var status = try await client.call(.get, path, token: .system)
            for _ in 0..<400 where status.status == .accepted {
                try await Task.sleep(for: .milliseconds(25))
                status = try await client.call(.get, path, token: .system)
            }
            #expect(status.status == .ok, "the import job: \(status.bodyText)")
        }
    }

    /// The score of a patient is theirs to see; the population's figures only for a population of at
    /// least `--auth-min-population` patients (2 here).
    @Test(arguments: [1, 10])
    func healthScorePopulationFiguresNeedAPopulation(minimum: Int) async throws {
        try await AuthGateway.run(minimumPopulation: minimum) { client, _ in
            for path in ["/fhir/Patient/1/$health-score?asOf=2026-11-04&days=7", "/get_health_score?user_id=1&asOf=2026-11-04&days=7"] {
                let response = try await client.call(.get, path, token: .patientOwn)
                #expect(response.status == .ok, "\(path): \(response.bodyText)")
                let hasFigures = response.bodyText.contains("opulation")
                #expect(hasFigures == (minimum <= 2), "\(path): \(response.bodyText)")
            }
        }
    }

    /// The population behind the scores is everyone's data: only for access to every patient's
    /// Observations of every category, and a population of at least `--auth-min-population` (2 here).
    @Test(arguments: [1, 10])
    func thePopulationOperationNeedsEveryPatientAndAPopulation(minimum: Int) async throws {
        try await AuthGateway.run(minimumPopulation: minimum) { client, _ in
            let path = "/fhir/Patient/$health-score-population?asOf=2026-11-04&days=7"
            for token in [Token.patientOwn, .userPatient, .granularLaboratory, .systemLaboratory, .patientsOnly] {
                let response = try await client.call(.get, path, token: token)
                #expect(response.status == .forbidden, "\(token): \(response.bodyText)")
                #expect(!response.bodyText.contains("populationSize"), "\(token)")
            }
            let system = try await client.call(.get, path, token: .system)
            if minimum <= 2 {
                #expect(system.status == .ok, "\(system.bodyText)")
                #expect((HealthScoreAPITests.parameter(system, "populationSize") as? NSNumber)?.intValue == 2)
            } else {
                #expect(system.status == .unprocessableContent, "\(system.bodyText)")
                #expect(system.firstIssue.diagnostics.contains("--auth-min-population"), "\(system.bodyText)")
            }
        }
    }

    @Test func theNativeAPIIsRowLevel() async throws {
        try await AuthGateway.run { client, _ in
            let users = try await client.call(.get, "/api/v1/users", token: .patientOwn)
            #expect(users.status == .ok && users.items.map { $0["id"] as? Int } == [1], "\(users.bodyText)")
            #expect(try await client.call(.get, "/api/v1/users", token: .system).items.count == 2)
            for (path, unknown) in [("/api/v1/users/2", "/api/v1/users/999"),
                                    ("/api/v1/users/2/vitals", "/api/v1/users/999/vitals"),
                                    ("/api/v1/users/2/blood-tests/2", "/api/v1/users/1/blood-tests/999"),
                                    ("/get_health_score?user_id=2", "/get_health_score?user_id=999")] {
                let hidden = try await client.call(.get, path, token: .patientOwn)
                let missing = try await client.call(.get, unknown, token: .system)
                #expect(hidden.status == .notFound && missing.status == .notFound, "\(path): \(hidden.bodyText)")
                #expect(hidden.error["message"] as? String
                            == (missing.error["message"] as? String)?.replacingOccurrences(of: "999", with: "2"),
                        "\(path): \(hidden.bodyText) / \(missing.bodyText)")
            }
            #expect(try await client.call(.get, "/api/v1/users/1/vitals", token: .patientOwn).status == .ok)
            let create = try await client.call(.post, "/api/v1/users", token: .patientOwn, body: Bodies.user,
                                               contentType: "application/json")
            #expect(create.status == .forbidden && create.error["code"] as? String == "insufficient_scope")
            let vitals = try await client.call(.get, "/api/v1/users/1/vitals", token: .granularLaboratory)
            #expect(vitals.status == .forbidden, "\(vitals.bodyText)")
            #expect(try await client.call(.get, "/api/v1/users/1/blood-tests", token: .granularLaboratory).status == .ok)
        }
    }
}

extension AuthorizationTests {
    /// With authorization on, the CapabilityStatement (with `rest.security`) and every refusal are valid
    /// FHIR R4, in JSON (fhir.schema.json) and XML (the official XSD).
    @Test func whatAuthorizationAddsIsValidFHIR() async throws {
        try await AuthGateway.run { client, _ in
            var corpus = SchemaCorpus()
            var xml: [URL] = []
            let answers = [
                try await client.call(.get, "/fhir/metadata", token: .none),
                try await client.call(.get, "/fhir/Patient/1", token: .none),
                try await client.call(.get, "/fhir/Patient/1", token: .expired),
                try await client.call(.get, "/fhir/Patient/2", token: .patientOwn),
                try await client.call(.post, "/fhir/Observation", token: .granularLaboratory,
                                      body: Self.observation(subject: "Patient/1")),
                try await client.call(.get, "/fhir/Observation?_include=Observation:subject", token: .patientOwn),
            ]
            for answer in answers { corpus.add(answer) }
            #expect(try corpus.problems() == [])
            for path in ["/fhir/metadata?_format=xml", "/fhir/Patient/1?_format=xml"] {
                let answer = try await client.call(.get, path, token: .none)
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("auth-\(UUID().uuidString).xml")
                try Data(answer.body.readableBytesView).write(to: file)
                xml.append(file)
            }
            defer { for file in xml { try? FileManager.default.removeItem(at: file) } }
            #expect(try FHIRXMLSchema.problems(in: xml) == [])
        }
    }
}
