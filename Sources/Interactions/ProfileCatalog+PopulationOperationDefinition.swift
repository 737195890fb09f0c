import FHIRModels
import Mapping
import NativeModel
import Scoring

/// The OperationDefinition of `$health-score-population` (http://hl7.org/fhir/R4/operationdefinition.html):
/// the same period parameters as `$health-score`, and the population's figures it answers with.
extension ProfileCatalog {
    public static let healthScorePopulationURL = FHIRSystems.canonicalBase + "/OperationDefinition/health-score-population"

    static let healthScorePopulationDefinition = ElementTreeBuilder.resource("OperationDefinition") { definition in
        definition.string("id", HealthScorePopulationOperation.name)
        definition.string("url", healthScorePopulationURL)
        definition.string("version", HealthScore.methodVersion)
        definition.string("name", "HealthScorePopulation")
        definition.string("title", "The population behind the health score")
        definition.string("status", "active")
        definition.string("kind", "operation")
        definition.bool("experimental", false)
        definition.string("date", date)
        definition.string("publisher", publisher)
        definition.string("description", "For a period, the population statistics that $health-score places a patient in "
            + "(\(healthScoreURL)): how many patients have a value, when the statistics were computed, and the distribution "
            + "of every patient's score and of each component's per-patient values: box-plot figures (quantiles "
            + "interpolated between closest ranks, Hyndman–Fan 7) and a histogram. Score bins span 0–100 in steps of 10; "
            + "component bins span the 1st to the 99th percentile in \(DistributionFigures.defaultBinCount) equal widths, "
            + "the first and last bins also counting the values beyond them. Needs read access to every patient's "
            + "Observations of every category.")
        definition.bool("affectsState", false)
        definition.string("code", HealthScorePopulationOperation.name)
        definition.string("resource", "Patient", repeats: true)
        definition.bool("system", false)
        definition.bool("type", true)
        definition.bool("instance", false)
        periodParameters(&definition, of: "")
        parameter(&definition, "period", use: "out", min: 1, max: "1", type: "Period", "The days of the statistics.")
        parameter(&definition, "method", use: "out", min: 1, max: "1", type: "string", "The version of the score's method.")
        parameter(&definition, "populationSize", use: "out", min: 1, max: "1", type: "integer",
                  "Patients with a value for at least one component.")
        parameter(&definition, "statisticsComputed", use: "out", min: 1, max: "1", type: "instant",
                  "When the population statistics were computed.")
        parameter(&definition, "statisticsAge", use: "out", min: 1, max: "1", type: "Quantity",
                  "How old the population statistics were, in seconds.")
        parameter(&definition, "score", use: "out", max: "1", "The distribution of every patient's score.") { parts in
            figureParts(&parts, type: "decimal")
        }
        parameter(&definition, "component", use: "out", max: "*",
                  "The distribution of one component's per-patient values, in its UCUM unit.") { parts in
            part(&parts, "name", use: "out", min: 1, max: "1", type: "code", "steps, sleep, glucose, …")
            part(&parts, "code", use: "out", min: 1, max: "1", type: "Coding", "The component's LOINC code.")
            figureParts(&parts, type: "Quantity")
        }
    }

    /// `size`, the box-plot figures and the bins of one distribution, each figure of `type`.
    private static func figureParts(_ parts: inout ElementTreeBuilder, type: String) {
        part(&parts, "size", use: "out", min: 1, max: "1", type: "integer", "How many patients.")
        for (name, meaning) in HealthScorePopulationOperation.figureNames {
            part(&parts, name, use: "out", min: 1, max: "1", type: type, "The \(meaning).")
        }
        parameter(&parts, "bin", use: "out", min: 1, max: "*", "One bar of the histogram, in ascending order.",
                  element: "part") { bin in
            part(&bin, "low", use: "out", min: 1, max: "1", type: type, "Where it starts (included).")
            part(&bin, "high", use: "out", min: 1, max: "1", type: type, "Where it ends (excluded, but for the last bin).")
            part(&bin, "count", use: "out", min: 1, max: "1", type: "integer", "Patients in it.")
        }
    }
}
