import FHIRModels
import Foundation
import Mapping
import NativeModel
import Store
import Synchronization

/// One audited request's record in the making: made by `AuditMiddleware` before routing, reached by the
/// layers inside through a task-local (`AuditScope.current`): the FHIR responses add the resources they
/// show, the Bundle handler says whether it is a transaction or a batch, and the store's `apply` asks its
/// `hook` for the record to put in the write's transaction.
final class AuditScope: Sendable {
    @TaskLocal static var current: AuditScope?

    private struct State {
        var interaction: String
        var touched = AuditReferences.Touched()
        var commits = 0
        /// The record the latest write transaction was given (a retried transaction asks again).
        var inTransaction: AuditRecord?
        /// The request was answered: a task it left behind (which inherits task-locals) writes unaudited
        /// by this request, rather than with a record of it.
        var finished = false
    }

    let request: RequestRecord
    let source: String?
    let resourceType: String?
    let parameters: [String]
    let started = ContinuousClock.now
    let clock: @Sendable () -> Instant
    let trail: AuditTrail
    private let state: Mutex<State>

    init(interaction: String, resourceType: String?, parameters: [String], source: String?, request: RequestRecord,
         clock: @escaping @Sendable () -> Instant, trail: AuditTrail) {
        state = Mutex(State(interaction: interaction))
        self.resourceType = resourceType
        self.parameters = parameters
        self.source = source
        self.request = request
        self.clock = clock
        self.trail = trail
    }

    var interaction: String {
        get { state.withLock { $0.interaction } }
        set { state.withLock { $0.interaction = newValue } }
    }

    /// Marks the request answered (`hook` makes no more records).
    func finish() { state.withLock { $0.finished = true } }

    /// Whether an answer or a write named any resource yet.
    var touchedAnything: Bool { state.withLock { !$0.touched.entities.isEmpty } }

    /// Whether a transaction of this request committed with its record in it.
    var committedInTransaction: Bool { state.withLock { $0.commits > 0 } }

    func touch(_ resource: AnyResource) {
        let touched = AuditReferences.touched(by: resource)
        state.withLock { $0.touched.add(touched) }
    }

    func touch(entity: String, patient: String? = nil) {
        state.withLock { state in
            state.touched.add(entity: entity)
            if let patient { state.touched.add(patient: patient) }
        }
    }

    /// The record as it stands, with `status` and `touched` (default: what the request touched so far).
    func record(status: Int, touched: AuditReferences.Touched? = nil) -> AuditRecord {
        let (interaction, sofar) = state.withLock { ($0.interaction, $0.touched) }
        let touched = touched ?? sofar
        let caller = request.caller
        let elapsed = ContinuousClock.now - started
        return AuditRecord(
            recordedAt: clock(), requestID: request.requestID, clientID: caller.clientID, subject: caller.subject,
            fhirUser: caller.fhirUser, source: source, interaction: interaction, resourceType: resourceType,
            entities: touched.entities, patients: touched.patients, parameters: parameters, status: status,
            durationMicroseconds: elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000)
    }

    /// What the store's `apply` calls in each of the request's write transactions.
    var hook: AuditHook {
        AuditHook(record: { [self] outcomes in
            guard !state.withLock({ $0.finished }) else { return nil }
            var touched = state.withLock { $0.touched }  // what the request named before writing (a job)
            touched.add(AuditReferences.touched(by: outcomes))
            let created = outcomes.contains { $0.change == .created }
            let made = record(status: AuditInteraction.successStatus(interaction, created: created), touched: touched)
            state.withLock { $0.inTransaction = made }
            return made
        }, committed: { [self] in
            let committed = state.withLock { state in
                state.commits += 1
                return state.inTransaction
            }
            if let committed { trail.stream(committed) }
        })
    }
}
