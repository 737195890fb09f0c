extension Array {
    /// The array in consecutive pieces of at most `size` elements (the last may be shorter): how the
    /// store keeps a statement's binds under PostgreSQL's 65,535 and a COPY's pieces small.
    func pieces(of size: Int) -> [ArraySlice<Element>] {
        let size = Swift.max(size, 1)
        return stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
