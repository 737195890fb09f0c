import Foundation
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Testing

/// A small population for the search tests, written straight to the store, with every row's id
/// known: four Patients (names with accents and hyphens, birth dates at three precisions) and the
/// Observations of the first two.
enum SearchFixtures {
    static func time(_ text: String) -> OffsetDateTime {
        guard let value = OffsetDateTime(parsing: text) else { fatalError("bad fixture time \(text)") }
        return value
    }

    static func user(_ given: String, _ family: String, _ gender: Gender, _ birth: String, email: String?, phone: String? = nil,
                     identifiers: [(String, String)]) -> UserRecord {
        UserRecord(email: email, givenName: given, familyName: family, gender: gender, birthDate: PartialDate(parsing: birth),
                   phone: phone, identifiers: identifiers.map { ExternalIdentifier(system: $0.0, value: $0.1) })
    }

    /// Patients 1–4; lab-1 … lab-3, vital-1 … vital-4, act-1-steps, sleep-1.
    static func load(_ store: some HealthStore) async throws {
        try await store.apply([
            .createUser(user("Ana", "Müller", .female, "1984-03-09", email: "Ana.Muller@Example.org", phone: "+41 44 555 01 01",
                             identifiers: [("urn:mrn", "MRN-1")])),
            .createUser(user("José", "van den Berg", .male, "1980", email: "jose@example.org",
                             identifiers: [("urn:mrn", "MRN-2"), ("urn:other", "X-9")])),
            .createUser(user("Mary-Ann", "Smith", .female, "1980-12-31", email: nil, identifiers: [("urn:mrn", "MRN-3")])),
            .createUser(user("Bob", "Smithers", .male, "1990-06", email: "bob@example.org", identifiers: [])),
        ])
        let one = UserRef.id(1), two = UserRef.id(2)
        try await store.apply([
            .createMeasurement(BloodTestRecord(measuredAt: time("2026-11-10T08:00:00Z"), analyte: .glucose, value: 150), owner: one),
            .createMeasurement(BloodTestRecord(measuredAt: time("2026-11-12T08:00:00Z"), analyte: .glucose, value: 95,
                                               loincCode: "1558-6"), owner: one),
            .createMeasurement(BloodTestRecord(measuredAt: time("2026-11-10T09:00:00Z"), analyte: .glucose, value: 130), owner: two),
            .createMeasurement(VitalSignRecord(measuredAt: time("2026-11-10T07:00:00Z"), kind: .heartRate, value: 60), owner: one),
            .createMeasurement(VitalSignRecord(measuredAt: time("2026-11-11T07:00:00Z"), kind: .bloodPressure, systolic: 120,
                                               diastolic: 80), owner: one),
            .createMeasurement(VitalSignRecord(measuredAt: time("2026-11-12T07:00:00Z"), kind: .heartRate, value: 72), owner: two),
            .createMeasurement(VitalSignRecord(measuredAt: time("2026-11-13T12:00:00Z"), kind: .heartRate, value: 66), owner: one),
            .createMeasurement(ActivityRecord(span: TimeSpan(start: time("2026-11-13T00:00:00+01:00"),
                                                             end: time("2026-11-14T00:00:00+01:00").instant), steps: 9000),
                               owner: one),
            .createMeasurement(SleepRecord(span: TimeSpan(start: time("2026-11-12T22:00:00Z"),
                                                          end: time("2026-11-13T06:00:00Z").instant)), owner: one),
        ])
    }

    /// `count` days of activity (all four values: four Observations a day) for `user`, from 2025-01-01.
    static func activityDays(_ count: Int, user: Int64, from first: Int = 0) -> [WriteOperation] {
        (first..<(first + count)).map { day in
            let start = Instant(millisecondsSince1970: 1_735_689_600_000 + Int64(day) * 86_400_000)
            return .createMeasurement(ActivityRecord(span: TimeSpan(start: OffsetDateTime(start, utcOffsetMinutes: 0),
                                                                    end: start.adding(minutes: 1440)),
                                                     steps: 5000 + day, distanceMeters: 3000, activeMinutes: 30,
                                                     energyKilocalories: 250), owner: .id(user))
        }
    }
}

extension TestResponse {
    /// The ids of a searchset's match entries, in order.
    var matchIDs: [String] {
        (json["entry"] as? [[String: Any]] ?? []).filter { ($0["search"] as? [String: Any])?["mode"] as? String == "match" }
            .compactMap { ($0["resource"] as? [String: Any])?["id"] as? String }
    }

    /// The entries of a search mode (`include`, `outcome`).
    func entries(mode: String) -> [[String: Any]] {
        (json["entry"] as? [[String: Any]] ?? []).filter { ($0["search"] as? [String: Any])?["mode"] as? String == mode }
    }

    /// A link of a searchset Bundle, as a path under `/fhir/` for the test client.
    func link(_ relation: String) -> String? {
        let url = (json["link"] as? [[String: Any]])?.first { $0["relation"] as? String == relation }?["url"] as? String
        guard let url, let range = url.range(of: "/fhir/") else { return nil }
        return String(url[range.upperBound...])
    }
}
