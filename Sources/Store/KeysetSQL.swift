public import NativeModel

/// Keyset paging (http://hl7.org/fhir/R4/http.html#paging asks only for stable links; a keyset makes
/// them stable while rows are added): the condition "after this position" over a list of sort terms.
/// A term is an SQL expression or, in one arm of a union, a constant (the arm's table or tag), which
/// is compared here rather than in SQL, so every arm's condition reduces to a row-value comparison
/// on its own index columns, such as `(measured_at, id) > (?, ?)`, that the engine answers with a range scan.
public struct KeysetSQL: Sendable {
    public enum Term: Sendable {
        case expression(String)
        case constant(ColumnValue)
    }

    /// The terms and, for each, whether it sorts descending.
    public var terms: [(term: Term, descending: Bool)]
    public let dialect: SQLDialect

    public init(terms: [(term: Term, descending: Bool)], dialect: SQLDialect) {
        self.terms = terms
        self.dialect = dialect
    }

    /// Rows strictly after `position` in this order (strictly before it when `backward`); nil when no
    /// row of this arm can be (its constant terms already place it before the position).
    public func after(_ position: SearchPosition, backward: Bool) -> SQLFragment? {
        let predicate = predicate(from: 0, position.values, backward: backward)
        if case .never = predicate { return nil }
        return render(predicate)
    }

    /// The ORDER BY terms, by result column number (1-based, from `firstColumn`).
    public func orderBy(firstColumn: Int, backward: Bool) -> String {
        terms.enumerated().map { index, term in
            "\(firstColumn + index)" + (term.descending != backward ? " DESC" : "")
        }.joined(separator: ", ")
    }

    private enum Predicate {
        case always
        case never
        /// `(e1, e2, …) > (v1, v2, …)` (or `<`, `>=`, `<=`).
        case rows([String], [ColumnValue], greater: Bool, inclusive: Bool)
        case fragment(SQLFragment)
    }

    private func predicate(from index: Int, _ values: [ColumnValue], backward: Bool) -> Predicate {
        guard index < terms.count, index < values.count else { return .never }
        let (term, descending) = terms[index]
        let greater = descending == backward
        let value = values[index]
        switch term {
        case .constant(let constant):
            let order = Self.compare(constant, value)
            if order == 0 { return predicate(from: index + 1, values, backward: backward) }
            return (order > 0) == greater ? .always : .never
        case .expression(let expression):
            switch predicate(from: index + 1, values, backward: backward) {
            case .always: return .rows([expression], [value], greater: greater, inclusive: true)
            case .never: return .rows([expression], [value], greater: greater, inclusive: false)
            case .rows(let expressions, let rest, let restGreater, let inclusive) where restGreater == greater:
                return .rows([expression] + expressions, [value] + rest, greater: greater, inclusive: inclusive)
            case let rest:
                let restSQL = render(rest)
                let comparison = greater ? ">" : "<"
                return .fragment(SQLFragment("(\(expression) \(comparison) ? OR (\(expression) = ? AND \(restSQL.sql)))",
                                             [value, value] + restSQL.arguments))
            }
        }
    }

    private func render(_ predicate: Predicate) -> SQLFragment {
        switch predicate {
        case .always: return SQLFragment(dialect.true)
        case .never: return SQLFragment(dialect.false)
        case .rows(let expressions, let values, let greater, let inclusive):
            let comparison = (greater ? ">" : "<") + (inclusive ? "=" : "")
            if expressions.count == 1 { return SQLFragment("\(expressions[0]) \(comparison) ?", values) }
            let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
            return SQLFragment("(\(expressions.joined(separator: ", "))) \(comparison) (\(placeholders))", values)
        case .fragment(let fragment): return fragment
        }
    }

    /// The order both engines give two values of the same kind (integers and reals compare as numbers).
    public static func compare(_ left: ColumnValue, _ right: ColumnValue) -> Int {
        switch (left, right) {
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.text(let a), .text(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.real(let a), .real(let b)): return a < b ? -1 : (a > b ? 1 : 0)
        case (.integer(let a), .real(let b)): return Double(a) < b ? -1 : (Double(a) > b ? 1 : 0)
        case (.real(let a), .integer(let b)): return a < Double(b) ? -1 : (a > Double(b) ? 1 : 0)
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.integer, _), (.real, _): return -1
        case (.text, _): return 1
        }
    }
}
