import Synchronization

/// Opens once the start-up work is done (the store migrated, the samples loaded): the background
/// services wait for it, so none reads a table a migration has yet to create. A cancelled wait
/// returns at once, so a server that fails to start still shuts down.
public final class StartupGate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Lets every waiter go, now and from now on.
    public func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the gate is open or the task is cancelled.
    public func wait() async {
        let ticket = state.withLock { state -> Int? in
            if state.isOpen { return nil }
            state.nextWaiter += 1
            return state.nextWaiter
        }
        guard let ticket else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isOpen || Task.isCancelled { return true }
                    state.waiters[ticket] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in state.waiters.removeValue(forKey: ticket) }
            waiter?.resume()
        }
    }
}
