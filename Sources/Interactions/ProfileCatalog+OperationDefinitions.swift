import FHIRModels
import Mapping
import NativeModel
import Scoring
import Terminology

/// The OperationDefinition of `$health-score` (http://hl7.org/fhir/R4/operationdefinition.html),
/// built from the `ScoreComponent` table so the method it states is the method that runs. Elements in
/// the order of the OperationDefinition StructureDefinition.
extension ProfileCatalog {
    /// What the population figures of `$health-score` say about when they are left out.
    static let smallPopulation = " Left out when authorization is on and fewer patients than --auth-min-population "
        + "make the population."

    public static let healthScoreURL = FHIRSystems.canonicalBase + "/OperationDefinition/health-score"

    static let healthScoreDefinition = ElementTreeBuilder.resource("OperationDefinition") { definition in
        definition.string("id", HealthScoreOperation.name)
        definition.string("url", healthScoreURL)
        definition.string("version", HealthScore.methodVersion)
        definition.string("name", "HealthScore")
        definition.string("title", "Health score of a patient against the population")
        definition.string("status", "active")
        definition.string("kind", "operation")
        definition.bool("experimental", false)
        definition.string("date", date)
        definition.string("publisher", publisher)
        definition.string("description", healthScoreMethod)
        definition.bool("affectsState", false)
        definition.string("code", HealthScoreOperation.name)
        definition.string("resource", "Patient", repeats: true)
        definition.bool("system", false)
        definition.bool("type", false)
        definition.bool("instance", true)
        periodParameters(&definition, of: " scored")
        parameter(&definition, "score", use: "out", min: 1, max: "1", type: "decimal",
                  "The score, 0 to 100, one decimal.")
        parameter(&definition, "period", use: "out", min: 1, max: "1", type: "Period", "The days scored.")
        parameter(&definition, "method", use: "out", min: 1, max: "1", type: "string",
                  "The version of the method; it changes whenever a score could.")
        parameter(&definition, "populationSize", use: "out", min: 0, max: "1", type: "integer",
                  "Patients with a value for at least one component in the population statistics." + Self.smallPopulation)
        parameter(&definition, "statisticsComputed", use: "out", min: 1, max: "1", type: "instant",
                  "When the population statistics were computed.")
        parameter(&definition, "statisticsAge", use: "out", min: 1, max: "1", type: "Quantity",
                  "How old the population statistics were, in seconds.")
        parameter(&definition, "component", use: "out", max: "*",
                  "One per component that counted.") { parts in
            part(&parts, "name", use: "out", min: 1, max: "1", type: "code", "steps, sleep, glucose, …")
            part(&parts, "code", use: "out", min: 1, max: "1", type: "Coding", "The component's LOINC code.")
            part(&parts, "value", use: "out", min: 1, max: "1", type: "Quantity", "The patient's value, in UCUM.")
            part(&parts, "days", use: "out", min: 1, max: "1", type: "integer", "Days with data that went into it.")
            part(&parts, "populationSize", use: "out", min: 0, max: "1", type: "integer",
                      "Patients with a value for the component." + Self.smallPopulation)
            for (name, what) in [("populationMean", "mean (winsorized at the 1st and 99th percentiles)"),
                                 ("populationMedian", "median"), ("populationFirstQuartile", "first quartile"),
                                 ("populationThirdQuartile", "third quartile")] {
                part(&parts, name, use: "out", min: 0, max: "1", type: "Quantity",
                     "The population's \(what)." + Self.smallPopulation)
            }
            part(&parts, "percentile", use: "out", min: 1, max: "1", type: "decimal",
                      "The patient's mid-rank percentile among the population's values.")
            part(&parts, "score", use: "out", min: 1, max: "1", type: "decimal", "The component score, 0 to 100.")
            part(&parts, "weight", use: "out", min: 1, max: "1", type: "decimal", "The component's stated weight.")
            part(&parts, "effectiveWeight", use: "out", min: 1, max: "1", type: "decimal",
                      "Its weight renormalized over the components present.")
        }
        parameter(&definition, "missing", use: "out", max: "*", "One per component left out, and why.") { parts in
            part(&parts, "name", use: "out", min: 1, max: "1", type: "code", "The component.")
            part(&parts, "code", use: "out", min: 1, max: "1", type: "Coding", "Its LOINC code.")
            part(&parts, "days", use: "out", min: 1, max: "1", type: "integer", "Days with data the patient has.")
            part(&parts, "reason", use: "out", min: 1, max: "1", type: "string", "Why it was left out.")
        }
    }

    /// The period parameters both score operations take (`HealthScoreOperation.window`); `what` follows
    /// "the period" in their documentation.
    static func periodParameters(_ definition: inout ElementTreeBuilder, of what: String) {
        parameter(&definition, "start", use: "in", max: "1", type: "date",
                  "The first day of the period\(what) (with end; not with days or asOf).")
        parameter(&definition, "end", use: "in", max: "1", type: "date",
                  "The last day of the period\(what), included (with start). At most 366 days.")
        parameter(&definition, "days", use: "in", max: "1", type: "integer",
                  "How many days, ending with the day of asOf: 1 to 366, default 30.")
        parameter(&definition, "asOf", use: "in", max: "1", type: "dateTime",
                  "The day the period ends with (its own local date); default today (UTC).")
    }

    /// A part of a parameter: the same elements, named `part`.
    static func part(
        _ builder: inout ElementTreeBuilder, _ name: String, use: String, min: Int = 0, max: String, type: String? = nil,
        _ documentation: String
    ) {
        parameter(&builder, name, use: use, min: min, max: max, type: type, documentation, element: "part")
    }

    static func parameter(
        _ builder: inout ElementTreeBuilder, _ name: String, use: String, min: Int = 0, max: String, type: String? = nil,
        _ documentation: String, element: String = "parameter", parts: ((inout ElementTreeBuilder) -> Void)? = nil
    ) {
        builder.element(element, repeats: true) { parameter in
            parameter.string("name", name)
            parameter.string("use", use)
            parameter.number("min", String(min))
            parameter.string("max", max)
            parameter.string("documentation", documentation)
            parameter.string("type", type)
            parts?(&parameter)
        }
    }

    /// The method in words, generated from the component table (README, "Health score", says the same).
    static var healthScoreMethod: String {
        let rows = ScoreComponent.allCases.map { component in
            let target: String
            switch component.target {
            case .higherIsBetter: target = "more is better"
            case .healthyRange(let range):
                target = "healthy \(range.lowerBound.compactDescription)–\(range.upperBound.compactDescription) \(component.unit)"
            }
            let rule: String
            switch component.dailyRule {
            case .largestSourceTotal: rule = "total per source, largest source"
            case .mean: rule = "mean of readings"
            case .minimum: rule = "lowest reading"
            }
            return "| \(component.rawValue) | \(component.loinc.code) | "
                + "\(component.unit) | \(rule) | \(component.minimumDays) | \(target) | \(component.weight.compactDescription) |"
        }
        return """
            Scores one patient 0–100 against every patient of the server, over a period of whole days (default: the \
            30 days ending today). Method \(HealthScore.methodVersion):

            1. Each measurement counts for the local day of its own recorded time (its UTC offset).
            2. Per component, the patient's days are reduced by the daily rule; days with more than one source count \
            once. With at least \(PatientValue.winsorizingFromDays) days, each day is clamped to the patient's own 10th \
            and 90th percentiles (winsorized), then the days are averaged: the patient's value.
            3. A component needs the minimum days stated; otherwise it is left out and reported as missing.
            4. Component score = 100 × the share of the population's values the patient does at least as well as \
            (at least as many steps; at least as close to the healthy range, so anyone inside it scores 100).
            5. Score = the weighted mean of the component scores, the weights renormalized over the components present.
            6. The population statistics (per component, every patient's value for the same period) are computed \
            off the request path and refreshed when older than the server's freshness bound; the response states \
            when they were computed. Quantiles interpolate between closest ranks (Hyndman–Fan 7); the reported \
            population mean is winsorized at the 1st and 99th percentiles.

            | component | LOINC | unit | daily rule | minimum days | target | weight |
            |---|---|---|---|---|---|---|

            """ + rows.joined(separator: "\n")
    }
}
