import Access
public import FHIRModels
import Mapping
public import NativeModel
public import Scoring
import Store
import Terminology

/// `$health-score-population` (`Profiles/OperationDefinition-health-score-population.json`): the
/// population behind `$health-score`, for one period, as a `Parameters` resource: how many patients, how
/// fresh the statistics are, and the distribution of every patient's score and of each component's
/// per-patient values (box-plot figures and a histogram), what the score page draws. Figures of the
/// same statistics a score is placed in, so a patient's score and the population's agree.
public enum HealthScorePopulationOperation {
    public static let name = "health-score-population"
    /// Score histograms span 0–100 in bins of 10.
    static let scoreBins = 10

    /// The figures as the operation's output. `now` dates the statistics' age.
    public static func parameters(_ snapshot: PopulationSnapshot, now: Instant) -> Parameters {
        let age = max(0, snapshot.computedAt.milliseconds(to: now)) / 1000
        var parameters: [ParametersParameter] = [
            ParametersParameter(name: "period", value: ChoiceValue(Period(start: FHIRDateTime(snapshot.window.start.description),
                                                                          end: FHIRDateTime(snapshot.window.end.description)))),
            ParametersParameter(name: "method", value: ChoiceValue(FHIRString(HealthScore.methodVersion))),
            integer("populationSize", snapshot.patients),
            ParametersParameter(name: "statisticsComputed", value: ChoiceValue(FHIRInstant(snapshot.computedAt.description))),
            ParametersParameter(name: "statisticsAge", value: ChoiceValue(Quantity(
                value: FHIRDecimal(String(age)), unit: "s", system: FHIRURI(FHIRSystems.ucum), code: "s"))),
        ]
        if let scores = DistributionFigures(sorted: snapshot.scores, decimals: 1, range: 0...100, binCount: scoreBins) {
            parameters.append(ParametersParameter(name: "score", part: figures(scores) { decimal($0, $1) }))
        }
        for component in ScoreComponent.allCases {
            guard let figures = DistributionFigures(sorted: snapshot.distribution(component).values,
                                                    decimals: component.decimals) else { continue }
            let unit = component.unit
            parameters.append(ParametersParameter(name: "component", part: [
                ParametersParameter(name: "name", value: ChoiceValue(FHIRCode(component.rawValue))),
                ParametersParameter(name: "code", value: ChoiceValue(HealthScoreOperation.loinc(component))),
            ] + Self.figures(figures) { name, value in
                ParametersParameter(name: FHIRString(name), value: ChoiceValue(Quantity(
                    value: FHIRDecimal(value.compactDescription), unit: FHIRString(unit), system: FHIRURI(FHIRSystems.ucum),
                    code: FHIRCode(unit))))
            }))
        }
        return Parameters(parameter: parameters)
    }

    /// The names of the figures, in the order they are given (the OperationDefinition lists the same).
    static let figureNames: [(name: String, meaning: String)] = [
        ("minimum", "lowest value"), ("fifthPercentile", "5th percentile"), ("firstQuartile", "first quartile"),
        ("median", "median"), ("thirdQuartile", "third quartile"), ("ninetyFifthPercentile", "95th percentile"),
        ("maximum", "highest value"), ("mean", "mean, winsorized at the 1st and 99th percentiles"),
    ]

    /// `size`, the figures (each made by `value`) and the histogram's bins.
    private static func figures(_ figures: DistributionFigures,
                                value: (String, Double) -> ParametersParameter) -> [ParametersParameter] {
        let numbers = [figures.minimum, figures.fifthPercentile, figures.firstQuartile, figures.median, figures.thirdQuartile,
                       figures.ninetyFifthPercentile, figures.maximum, figures.mean]
        return [integer("size", figures.size)]
            + zip(figureNames, numbers).map { value($0.name, $1) }
            + figures.bins.map { bin in
                ParametersParameter(name: "bin", part: [value("low", bin.low), value("high", bin.high), integer("count", bin.count)])
            }
    }

    private static func decimal(_ name: String, _ value: Double) -> ParametersParameter {
        ParametersParameter(name: FHIRString(name), value: ChoiceValue(FHIRDecimal(value.compactDescription)))
    }

    private static func integer(_ name: String, _ value: Int) -> ParametersParameter {
        ParametersParameter(name: FHIRString(name), value: ChoiceValue(FHIRInteger(String(value))))
    }
}

extension FHIRInteractions {
    /// `GET|POST /fhir/Patient/$health-score-population`: needs `r` on Observation of every category for
    /// every patient (`system/` or a non-patient `user/` scope), as the figures come from everyone's data.
    public func healthScorePopulation(_ input: OperationInput, statistics: PopulationStatistics<Store>)
        async throws -> PopulationSnapshot
    {
        let operation = "$" + HealthScorePopulationOperation.name
        let window = try HealthScoreOperation.window(input, now: now(), operation: operation)
        let reach = try reach(.read, "Observation", for: operation)
        for category in ObservationCategory.allCases
        where !reach.reachesEveryone(category: (ObservationCategory.system, category.rawValue)) {
            throw FHIRError.forbidden("user/Observation.r or system/Observation.r (every patient) for category \(category.rawValue)",
                                      for: "\(operation), which reads every patient's \(category.rawValue) Observations")
        }
        return try await populationWork {
            try await storeCall("Patient/\(operation)") { try await statistics.snapshot(for: window) }
        }
    }
}
