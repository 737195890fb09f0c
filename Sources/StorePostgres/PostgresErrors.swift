import NativeModel
import PostgresNIO
import Store

/// Turns what PostgreSQL reports into `StoreError`s, by SQLSTATE and constraint name
/// (https://www.postgresql.org/docs/15/errcodes-appendix.html), never by message text.
enum PostgresErrors {
    static func storeError(for error: any Error) -> StoreError {
        let error = unwrapped(error)
        if let error = error as? StoreError { return error }
        guard let error = error as? PSQLError else { return .fault(String(describing: error)) }
        guard let state = error.serverInfo?[.sqlState] else {
            switch error.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
                 .sslUnsupported, .authMechanismRequiresPassword, .unsupportedAuthMechanism, .saslError:
                return .unavailable("the database does not answer (\(error.code))")
            default:
                return .fault("postgres: \(error.code)")
            }
        }
        let message = error.serverInfo?[.message] ?? ""
        switch state {
        case "23505":  // unique_violation
            return conflict(constraint: error.serverInfo?[.constraintName] ?? "", message: message)
        case "40001", "40P01":  // serialization_failure, deadlock_detected (after the retries)
            return .unavailable("the database is busy")
        case "57P01", "57P02", "57P03", "53300":  // shutting down, cannot connect now, too many connections
            return .unavailable("the database is not accepting work (\(state))")
        default:
            if state.hasPrefix("08") { return .unavailable("the database connection failed (\(state))") }
            return .fault("postgres \(state): \(message)")
        }
    }

    /// Whether a write transaction that failed with `error` may succeed when run again from the start.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let error = unwrapped(error) as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        // A unique key a concurrent batch took first: the retry matches that row instead.
        if state == "23505", let constraint = error.serverInfo?[.constraintName], constraint.hasSuffix("_source_key") {
            return true
        }
        return state == "40001" || state == "40P01"
    }

    /// The error inside a failed transaction: what its body threw, else what COMMIT or BEGIN did.
    private static func unwrapped(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
    }

    /// A unique constraint by name: `<table>_source_key` is a measurement's source key.
    private static func conflict(constraint: String, message: String) -> StoreError {
        for table in NativeTable.measurementTables where constraint == "\(table.rawValue)_source_key" {
            return .conflict(table, field: "external_id",
                             message: "another row of \(table) of the same user has this source and external_id")
        }
        return .fault("an unexpected unique constraint failed: \(constraint): \(message)")
    }
}
