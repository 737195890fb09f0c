import Access
public import FHIRModels
import Mapping
public import NativeModel
public import Scoring
import Store
import Terminology

/// `$health-score` (`Profiles/OperationDefinition-health-score.json`): one patient's score against the
/// population, as a `Parameters` resource. The native alias presents the same `HealthScore`.
public enum HealthScoreOperation {
    public static let name = "health-score"
    public static let parameters: Set<String> = ["start", "end", "days", "asOf"]

    /// The window the parameters ask for: `start` and `end` dates (both days included), or `days`
    /// ending with the day of `asOf` (default: 30 days ending today, UTC).
    /// `operation` names the operation in error messages (`$health-score-population` takes the same).
    public static func window(_ input: OperationInput, now: Instant, operation: String = "$health-score") throws -> ScoringWindow {
        try input.rejectUnknown(allowed: parameters)
        let days = try input.integer("days", in: 1...ScoringWindow.maximumDays)
        let start = try date(input, "start", operation)
        let end = try date(input, "end", operation)
        let asOfText = try input.single("asOf")
        if start != nil || end != nil {
            guard days == nil, asOfText == nil else {
                throw FHIRError(.invalid, "\(operation) takes either start and end, or days and asOf, not both", at: "start")
            }
            guard let start, let end else {
                throw FHIRError(.invalid, "\(operation) needs both start and end for a period", at: start == nil ? "start" : "end")
            }
            guard let window = ScoringWindow(firstDay: start, lastDay: end) else {
                throw FHIRError(.invalid, "\(operation): the period must run forward and span at most "
                    + "\(ScoringWindow.maximumDays) days", at: "end")
            }
            return window
        }
        var asOf = OffsetDateTime(now, utcOffsetMinutes: 0)
        if let asOfText {
            if let dateTime = OffsetDateTime(parsing: asOfText) {
                asOf = dateTime
            } else if let date = PartialDate(parsing: asOfText), date.day != nil {
                asOf = OffsetDateTime(date.start, utcOffsetMinutes: 0)
            } else {
                throw FHIRError(.invalid, "\(operation): asOf '\(asOfText)' is not a date or a dateTime with a time zone",
                                at: "asOf")
            }
        }
        guard let window = ScoringWindow(days: days ?? ScoringWindow.defaultDays, asOf: asOf) else {
            throw FHIRError(.invalid, "\(operation): days must be from 1 to \(ScoringWindow.maximumDays)", at: "days")
        }
        return window
    }

    private static func date(_ input: OperationInput, _ name: String, _ operation: String) throws -> Int64? {
        guard let text = try input.single(name) else { return nil }
        guard let date = PartialDate(parsing: text), date.day != nil else {
            throw FHIRError(.invalid, "\(operation): \(name) '\(text)' is not a date like 2026-11-01", at: name)
        }
        return date.daysSince1970
    }

    /// The score as the operation's output, or 422 when no component had enough data. Without
    /// `populationFigures` the population's aggregates (size, mean, median, quartiles) are left out:
    /// with authorization on, they are given only for a population large enough that they stand for no
    /// one in particular (`--auth-min-population`).
    public static func parameters(_ score: HealthScore, populationFigures: Bool = true) throws -> Parameters {
        guard let total = score.score else {
            throw FHIRError(.unprocessable, [.error(.processing, "Patient/\(score.userID) has too little data in "
                + "\(score.window) for a health score")] + score.missing.map { missing in
                    FHIRIssue.error(.processing,
                                    "\(missing.component.rawValue) (LOINC \(missing.component.loinc.code)): \(missing.reason)")
                })
        }
        var parameters: [ParametersParameter] = [
            decimal("score", total),
            ParametersParameter(name: "period", value: ChoiceValue(Period(start: FHIRDateTime(score.window.start.description),
                                                                          end: FHIRDateTime(score.window.end.description)))),
            ParametersParameter(name: "method", value: ChoiceValue(FHIRString(HealthScore.methodVersion))),
            ParametersParameter(name: "statisticsComputed",
                                value: ChoiceValue(FHIRInstant(score.statisticsComputedAt.description))),
            ParametersParameter(name: "statisticsAge", value: ChoiceValue(Quantity(
                value: FHIRDecimal(String(score.statisticsAgeSeconds)), unit: "s", system: FHIRURI(FHIRSystems.ucum),
                code: "s"))),
        ]
        if populationFigures { parameters.insert(integer("populationSize", score.populationPatients), at: 3) }
        for component in score.components {
            let unit = component.component.unit
            func quantity(_ name: String, _ value: Double) -> ParametersParameter {
                ParametersParameter(name: FHIRString(name), value: ChoiceValue(Quantity(
                    value: FHIRDecimal(value.compactDescription), unit: FHIRString(unit), system: FHIRURI(FHIRSystems.ucum),
                    code: FHIRCode(unit))))
            }
            let population = populationFigures ? [
                integer("populationSize", component.population.size),
                quantity("populationMean", component.population.mean),
                quantity("populationMedian", component.population.median),
                quantity("populationFirstQuartile", component.population.firstQuartile),
                quantity("populationThirdQuartile", component.population.thirdQuartile),
            ] : []
            parameters.append(ParametersParameter(name: "component", part: [
                ParametersParameter(name: "name", value: ChoiceValue(FHIRCode(component.component.rawValue))),
                ParametersParameter(name: "code", value: ChoiceValue(loinc(component.component))),
                quantity("value", component.value),
                integer("days", component.days),
            ] + population + [
                decimal("percentile", component.percentile),
                decimal("score", component.score),
                decimal("weight", component.weight),
                decimal("effectiveWeight", component.effectiveWeight),
            ]))
        }
        for missing in score.missing {
            parameters.append(ParametersParameter(name: "missing", part: [
                ParametersParameter(name: "name", value: ChoiceValue(FHIRCode(missing.component.rawValue))),
                ParametersParameter(name: "code", value: ChoiceValue(loinc(missing.component))),
                integer("days", missing.days),
                ParametersParameter(name: "reason", value: ChoiceValue(FHIRString(missing.reason))),
            ]))
        }
        return Parameters(parameter: parameters)
    }

    static func loinc(_ component: ScoreComponent) -> Coding {
        Coding(system: FHIRURI(FHIRSystems.loinc), code: FHIRCode(component.loinc.code),
               display: FHIRString(component.loinc.display))
    }

    private static func decimal(_ name: String, _ value: Double) -> ParametersParameter {
        ParametersParameter(name: FHIRString(name), value: ChoiceValue(FHIRDecimal(value.compactDescription)))
    }

    private static func integer(_ name: String, _ value: Int) -> ParametersParameter {
        ParametersParameter(name: FHIRString(name), value: ChoiceValue(FHIRInteger(String(value))))
    }
}

extension FHIRInteractions {
    /// `GET|POST /fhir/Patient/{id}/$health-score`: 404 for an unknown Patient, 410 for a deleted one,
    /// 422 when the patient has too little data.
    public func healthScore(patientID: String, input: OperationInput, statistics: PopulationStatistics<Store>)
        async throws -> HealthScore
    {
        try Self.checkIDForm("Patient", patientID)
        let window = try HealthScoreOperation.window(input, now: now())
        guard let row = Self.userRow(patientID) else { throw FHIRError(.notFound, "Patient/\(patientID) is not known") }
        let reach = try reach(.read, "Observation", for: "scoring Patient/\(patientID)")
        try checkSubject(row, reach: reach)
        for category in ObservationCategory.allCases
        where !reach.admits(patient: String(row), category: (ObservationCategory.system, category.rawValue)) {
            throw FHIRError.forbidden("an Observation.r scope for category \(category.rawValue)",
                                      for: "scoring Patient/\(patientID), which reads its \(category.rawValue) Observations")
        }
        guard try await storeCall("Patient", { try await store.user(id: row) }) != nil else {
            throw try await missing("Patient/\(patientID)", table: .users, row: row)
        }
        return try await populationWork {
            try await storeCall("Patient/\(patientID)/$health-score") {
                try await HealthScorer(store: store, statistics: statistics).score(userID: row, window: window, now: now())
            }
        }
    }

    /// Runs work that may need population statistics; past their bound, 503 with `Retry-After`.
    func populationWork<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let busy as PopulationBusy {
            throw FHIRError.later(.busy, retryAfter: PopulationBusy.retryAfterSeconds, busy.description)
        }
    }
}
