/// The FHIRPath of the element each native field of a row came from (`steps` ←
/// `Observation.valueQuantity.value`), so a native rule's message can point at what the client sent.
///
/// A row has a handful of fields and the paths are read only when a rule is broken, so they are kept
/// as pairs in order: a `[String: String]` hashed every field name of every imported row, a few
/// percent of a bulk import's CPU (perf).
struct ElementPaths {
    private var pairs: [(field: String, path: String)] = []

    init() {
        pairs.reserveCapacity(4)
    }

    /// The path of `field`, nil when no element was noted for it; setting notes it (again).
    subscript(field: String) -> String? {
        get { pairs.last { $0.field == field }?.path }
        set {
            pairs.removeAll { $0.field == field }
            if let newValue { pairs.append((field, newValue)) }
        }
    }
}
