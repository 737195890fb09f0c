import FHIRModels
import Hummingbird
import HTTPTypes
import Interactions
import NativeModel
import Scoring
import Store
import Terminology

/// The native health score: `GET /api/v1/users/{id}/health-score` and the original product's
/// `GET /get_health_score?user_id=…`. The same `HealthScore` as `Patient/{id}/$health-score`, as plain
/// JSON, with the same parameters (`days`, `asOf`, `start`, `end`).
struct HealthScoreController<Store: HealthStore> {
    let store: Store
    let statistics: PopulationStatistics<Store>
    /// What the default window ends with (`GatewayConfiguration.clock`).
    let clock: @Sendable () -> Instant
    /// Whether the population's figures may be shown (`GatewayAuthorization.showsPopulationFigures`).
    let authorization: GatewayAuthorization

    func register(on router: Router<GatewayRequestContext>, api: RouterGroup<GatewayRequestContext>) {
        api.get("users/:userID/health-score") { request, context in
            try await score(request, context, userID: context.parameters.get("userID") ?? "", dropping: [])
        }
        router.get("get_health_score") { request, context in
            guard let userID = request.uri.queryParameters.get("user_id") else {
                throw APIError(.badRequest, code: "missing_parameter", "user_id is required: /get_health_score?user_id=1",
                               field: "user_id")
            }
            return try await score(request, context, userID: userID, dropping: ["user_id"])
        }
    }

    private func score(_ request: Request, _ context: GatewayRequestContext, userID: String, dropping: Set<String>)
        async throws -> Response
    {
        guard let id = Int64(userID), id > 0 else {
            throw APIError(.badRequest, code: "invalid_id", "'\(userID)' is not a user id (a positive whole number)",
                           field: "user_id")
        }
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
            .filter { !dropping.contains($0.0) }
        do {
            let interactions = FHIRInteractions(store: store, access: context.access, now: clock)
            let score = try await interactions.healthScore(
                patientID: String(id), input: OperationInput(operation: "health-score", query: query), statistics: statistics)
            guard score.score != nil else {
                throw APIError(.unprocessableContent, code: "insufficient_data",
                               "user \(id) has too little data in \(score.window) for a health score: "
                                   + score.missing.map { "\($0.component.rawValue): \($0.reason)" }.joined(separator: "; "))
            }
            return try JSONResponse.make(NativeHealthScore(
                score, populationFigures: authorization.showsPopulationFigures(of: score.populationPatients)))
        } catch let error as FHIRError {
            throw APIError(error, resource: "user \(id)")
        }
    }
}

/// The native JSON of a health score: snake_case, numbers as numbers.
struct NativeHealthScore: Encodable {
    struct Component: Encodable {
        var name: String
        var loinc: String
        var value: Double
        var unit: String
        var days: Int
        /// Left out for a population too small to show (with authorization on).
        var population: Population?
        var percentile: Double
        var score: Double
        var weight: Double
        var effectiveWeight: Double

        enum CodingKeys: String, CodingKey {
            case name, loinc, value, unit, days, population, percentile, score, weight, effectiveWeight = "effective_weight"
        }
    }

    struct Population: Encodable {
        var size: Int
        var mean: Double
        var median: Double
        var q1: Double
        var q3: Double
    }

    struct Missing: Encodable {
        var name: String
        var loinc: String
        var days: Int
        var reason: String
    }

    var userID: Int64
    var score: Double?
    var method: String
    var period: [String: String]
    var populationSize: Int?
    var statisticsComputedAt: String
    var statisticsAgeSeconds: Int64
    var components: [Component]
    var missing: [Missing]

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", score, method, period, populationSize = "population_size",
             statisticsComputedAt = "statistics_computed_at", statisticsAgeSeconds = "statistics_age_seconds",
             components, missing
    }

    init(_ score: HealthScore, populationFigures: Bool = true) {
        userID = score.userID
        self.score = score.score
        method = HealthScore.methodVersion
        period = ["start": score.window.start.description, "end": score.window.end.description]
        populationSize = populationFigures ? score.populationPatients : nil
        statisticsComputedAt = score.statisticsComputedAt.description
        statisticsAgeSeconds = score.statisticsAgeSeconds
        components = score.components.map { part in
            Component(name: part.component.rawValue, loinc: part.component.loinc.code,
                      value: part.value, unit: part.component.unit, days: part.days,
                      population: populationFigures ? Population(size: part.population.size, mean: part.population.mean,
                                                                 median: part.population.median,
                                                                 q1: part.population.firstQuartile,
                                                                 q3: part.population.thirdQuartile) : nil,
                      percentile: part.percentile, score: part.score, weight: part.weight,
                      effectiveWeight: part.effectiveWeight)
        }
        missing = score.missing.map { part in
            Missing(name: part.component.rawValue, loinc: part.component.loinc.code,
                    days: part.days, reason: part.reason)
        }
    }
}
