import Access
public import FHIRModels
import Mapping
import NativeModel
public import Scoring
import Store
import Terminology

/// `Observation/$stats` (http://hl7.org/fhir/R4/observation-operation-stats.html): statistics of the
/// values of one or more codes, for one patient (`subject`) or, beyond R4's definition, for the whole
/// population when `subject` is left out. Values are in the measure's UCUM unit whatever unit they
/// arrived in (they are stored converted), so variant codes (glucose in mmol/L as 15074-8) count as
/// the same measure.
extension FHIRInteractions {
    static var statsParameters: Set<String> {
        ["subject", "code", "system", "coding", "duration", "period", "statistic", "include", "limit"]
    }

    /// Slices of user ids a population-wide `$stats` reads at a time.
    static var statsSliceSize: Int64 { 5_000 }

    /// - Parameter statistics: bounds and runs the population-wide statistics (no `subject`) off the
    ///   request's thread; past their bound, 503 with `Retry-After`.
    public func stats(_ input: OperationInput, statistics population: PopulationStatistics<Store>) async throws -> Parameters {
        let operation = input.operation
        try input.rejectUnknown(allowed: Self.statsParameters)
        var tokens = input.list("code")
        for coding in input.all("coding") {
            guard let code = coding.coding?.code else {
                throw FHIRError(.invalid, "\(operation): coding needs a code", at: "coding")
            }
            tokens.append("\(coding.coding?.system ?? "")|\(code)")
        }
        guard !tokens.isEmpty else {
            throw FHIRError(.invalid, "\(operation) needs a code (with system) or a coding: which Observations?", at: "code")
        }
        let measures = try ObservationCriteria.measures(codes: tokens, system: try input.single("system"), operation: operation)
        if let panel = measures.first(where: { !MeasureCatalog.definition(of: $0).components.isEmpty }) {
            throw FHIRError(.invalid, "\(operation): \(MeasureCatalog.definition(of: panel).code.code) is a panel without a "
                + "value of its own; ask for its components 8480-6 (systolic) and 8462-4 (diastolic)", at: "code")
        }
        let statistics = try input.list("statistic").map { code in
            guard let statistic = ObservationStatistic(code: code) else {
                throw FHIRError(.invalid, "\(operation): statistic '\(code)' is not supported; supported are "
                    + ObservationStatistic.allCases.map(\.rawValue).joined(separator: ", "), at: "statistic")
            }
            return statistic
        }
        guard !statistics.isEmpty else {
            throw FHIRError(.invalid, "\(operation) needs at least one statistic (average, maximum, minimum, count, …)",
                            at: "statistic")
        }
        let (range, period) = try statsPeriod(input)
        let reach = try reach(.search, "Observation", for: operation)
        var subject: Int64?
        if let text = try input.single("subject") {
            let row = try ObservationCriteria.patient(text, parameter: "subject", serverBase: serverBase, operation: operation)
            try checkSubject(row, reach: reach)
            _ = try await patient(String(row))
            subject = row
        }
        for measure in measures {
            let category = Self.category(of: measure)
            let allowed = subject.map { reach.admits(patient: String($0), category: category) }
                ?? reach.reachesEveryone(category: category)
            guard allowed else {
                throw FHIRError.forbidden(subject == nil ? "user/Observation.s or system/Observation.s (every patient)"
                                              : "an Observation.s scope for category \(category.code)",
                                          for: "\(operation) of \(MeasureCatalog.definition(of: measure).code.code)")
            }
        }
        let include = try input.single("include").map { text in
            guard let flag = Bool(text) else {
                throw FHIRError(.invalid, "\(operation): include must be true or false, not '\(text)'", at: "include")
            }
            return flag
        } ?? false
        let limit = try input.integer("limit", in: 1...1_000) ?? 100

        var output: [ParametersParameter] = []
        var sources: [(Measure, SeriesPoint)] = []
        for measure in measures {
            let keepNewest = include ? limit : 0
            let (values, newest) = try await populationWork {
                guard subject == nil else {
                    return try await statsValues(measure, subject: subject, range: range, keepNewest: keepNewest)
                }
                return try await population.runBounded { [self] in
                    try await statsValues(measure, subject: nil, range: range, keepNewest: keepNewest)
                }
            }
            output.append(ParametersParameter(name: "statistics", resource: .observation(
                statsObservation(measure, values: values, statistics: statistics, subject: subject, period: period))))
            sources += newest.map { (measure, $0) }
        }
        if include {
            for (measure, point) in sources.sorted(by: { $0.1.time > $1.1.time }).prefix(limit) {
                let observation = try await observation(ObservationID(measure, row: point.rowID))
                output.append(ParametersParameter(name: "source", resource: .observation(observation)))
            }
        }
        return Parameters(parameter: output)
    }

    /// The sorted values of `measure` in its UCUM unit, with the `keepNewest` newest points.
    private func statsValues(_ measure: Measure, subject: Int64?, range: TimeRange, keepNewest: Int) async throws
        -> ([Double], [SeriesPoint])
    {
        let series = measure.series
        var slices: [SeriesUsers] = []
        if let subject {
            slices = [.one(subject)]
        } else if let ids = try await storeCall("Observation", { try await store.longReads.userIDRange() }) {
            slices = SeriesUsers.slices(of: ids, size: Self.statsSliceSize)
        }
        var values: [Double] = []
        var newest: [SeriesPoint] = []
        for users in slices {
            let points = try await storeCall("Observation") {
                // The population's statistics are a long read (a replica may answer); one patient's are not.
                try await (subject == nil ? store.longReads : store).series(SeriesQuery(series, users: users, in: range))
            }
            values.reserveCapacity(values.count + points.count)
            for point in points { values.append(point.value * measure.seriesScale) }
            if keepNewest > 0 {
                newest = Array((newest + points).sorted { ($0.time, $0.rowID) > ($1.time, $1.rowID) }.prefix(keepNewest))
            }
        }
        values.sort()
        return (values, newest)
    }

    /// The time range of `period` (a Period in a POST; `start/end` in a GET) or of `duration` hours
    /// up to now, and the Period to report.
    private func statsPeriod(_ input: OperationInput) throws -> (TimeRange, Period?) {
        let operation = input.operation
        if let hoursText = try input.single("duration") {
            guard let hours = Double(hoursText), hours > 0, hours <= 24 * 366 * 100 else {
                throw FHIRError(.invalid, "\(operation): duration is a number of hours greater than 0, not '\(hoursText)'",
                                at: "duration")
            }
            let end = now()
            let start = end.adding(milliseconds: -Int64(hours * 3_600_000))
            return (TimeRange(from: start, to: end.adding(milliseconds: 1)),
                    Period(start: FHIRDateTime(start.description), end: FHIRDateTime(end.description)))
        }
        let periods = input.all("period")
        guard let value = periods.first else { return (.all, nil) }
        guard periods.count == 1 else { throw FHIRError(.invalid, "\(operation): period may be given once", at: "period") }
        var bounds: (start: String?, end: String?)
        if let period = value.period {
            bounds = period
        } else {
            let parts = (value.text ?? "").split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else {
                throw FHIRError(.invalid, "\(operation): period in a URL is start/end (2026-10-01/2026-10-31), not '"
                    + (value.text ?? "") + "'", at: "period")
            }
            bounds = (parts[0].isEmpty ? nil : parts[0], parts[1].isEmpty ? nil : parts[1])
        }
        let from = try bounds.start.map { try Self.instant($0, endOfPeriod: false, operation: operation) }
        let to = try bounds.end.map { try Self.instant($0, endOfPeriod: true, operation: operation) }
        if let from, let to, to <= from {
            throw FHIRError(.invalid, "\(operation): the period ends before it starts", at: "period")
        }
        return (TimeRange(from: from, to: to),
                Period(start: bounds.start.map { FHIRDateTime($0) }, end: bounds.end.map { FHIRDateTime($0) }))
    }

    /// The instant a period bound stands for: a dateTime itself; a date (or month, or year) its first
    /// instant (UTC), or for an end the first instant after it, so the whole day counts.
    private static func instant(_ text: String, endOfPeriod: Bool, operation: String) throws -> Instant {
        if let dateTime = OffsetDateTime(parsing: text) { return endOfPeriod ? dateTime.instant.adding(milliseconds: 1) : dateTime.instant }
        guard let date = PartialDate(parsing: text) else {
            throw FHIRError(.invalid, "\(operation): '\(text)' is not a date or a dateTime with a time zone", at: "period")
        }
        return endOfPeriod ? date.end : date.start
    }

    private func statsObservation(_ measure: Measure, values: [Double], statistics: [ObservationStatistic],
                                  subject: Int64?, period: Period?) -> Observation {
        let definition = MeasureCatalog.definition(of: measure)
        let unit = definition.unit
        var observation = Observation(
            status: "final",
            code: ObservationMapping.code(definition),
            subject: subject.map { Reference(reference: FHIRString("Patient/\($0)")) },
            effective: period.map { .period($0) })
        observation.component = statistics.compactMap { statistic in
            guard let value = statistic.value(of: values) else { return nil }
            let code = CodeableConcept(coding: [Coding(system: FHIRURI(ObservationStatistic.system),
                                                       code: FHIRCode(statistic.rawValue),
                                                       display: FHIRString(statistic.display))])
            if statistic == .count {
                return ObservationComponent(code: code, value: .other(ChoiceValue(FHIRInteger(String(Int(value))))))
            }
            let unitCode = statistic == .variance ? "(\(unit.code))2" : unit.code
            return ObservationComponent(code: code, value: .quantity(Quantity(
                value: FHIRDecimal(value.rounded(toPlaces: 4).compactDescription),
                unit: FHIRString(statistic == .variance ? unitCode : unit.display),
                system: FHIRURI(FHIRSystems.ucum), code: FHIRCode(unitCode))))
        }
        return observation
    }
}
