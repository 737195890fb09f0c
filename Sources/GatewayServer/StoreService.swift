import ServiceLifecycle

/// What the store needs running while the server serves (PostgreSQL's connection pool), as a service
/// of the application: added first, so a graceful shutdown stops it last, after the server and the
/// jobs that use it. The pool ends itself at a graceful shutdown (postgres-nio's `PostgresClient.run`
/// does); what runs here must do the same.
struct StoreService: Service {
    let run: @Sendable () async -> Void

    func run() async throws {
        await run()
    }
}
