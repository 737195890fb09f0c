/// What a caller may touch for one verb on one resource type: the union of the compartments (each
/// perhaps limited to some categories) of the grants that cover it. Enforcement turns this into row
/// conditions of the store's queries, so what lies outside is never read, counted or paged.
public struct Reach: Sendable, Hashable {
    /// One compartment, perhaps limited to categories (nil: every category).
    public struct Part: Sendable, Hashable {
        public var compartment: Compartment
        public var categories: [CategoryCode]?

        public init(compartment: Compartment, categories: [CategoryCode]?) {
            self.compartment = compartment
            self.categories = categories
        }

        /// Whether a resource of this category (or of none) falls under this part's categories.
        public func admits(category: (system: String, code: String)?) -> Bool {
            guard let categories else { return true }
            guard let category else { return false }
            return categories.contains { $0.matches(system: category.system, code: category.code) }
        }
    }

    /// Any of these; empty when nothing is reachable.
    public var parts: [Part]

    public init(parts: [Part]) {
        self.parts = parts
    }

    /// Everything, of every patient.
    public static let everything = Reach(parts: [Part(compartment: .everyone, categories: nil)])

    /// Nothing at all.
    public var isNothing: Bool { parts.isEmpty }

    /// Every resource of every patient, whatever its category.
    public var isEverything: Bool { parts.contains { $0.compartment == .everyone && $0.categories == nil } }

    /// Whether the resource of `patient` (a Patient's logical id) with `category` is reachable.
    public func admits(patient: String, category: (system: String, code: String)?) -> Bool {
        parts.contains { part in
            guard part.admits(category: category) else { return false }
            switch part.compartment {
            case .everyone: return true
            case .patient(let id): return id == patient
            }
        }
    }

    /// Whether every patient's data of `category` (or data without one) is reachable: what a
    /// population-wide operation needs.
    public func reachesEveryone(category: (system: String, code: String)?) -> Bool {
        parts.contains { $0.compartment == .everyone && $0.admits(category: category) }
    }

    /// The parts that reach resources of `category`.
    public func parts(admitting category: (system: String, code: String)?) -> [Part] {
        parts.filter { $0.admits(category: category) }
    }
}
