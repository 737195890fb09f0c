import NativeModel
import Store
import Testing

/// Which searches are long reads (population-wide, a read replica may answer them) and which are
/// narrowed to named rows or owners (the primary answers them: a client reads those right after
/// writing).
@Suite struct SearchNarrowingTests {
    @Test func aPatientSearchByIdIsNarrowedAndOneByNameIsPopulationWide() {
        #expect(!UserSearch(conditions: [.compare(.id, .equal, .integer(7))]).isPopulationWide)
        #expect(!UserSearch(conditions: [.all([.oneOf(.id, [.integer(7), .integer(8)]), .nameStarts(with: "ann", part: nil)])])
            .isPopulationWide)
        #expect(UserSearch(conditions: [.nameStarts(with: "ann", part: nil)]).isPopulationWide)
        #expect(!UserSearch(conditions: [.identifier(system: "urn:mrn", value: "M-1")]).isPopulationWide, "a person by identifier")
        #expect(UserSearch(conditions: [.compare(.id, .greater, .integer(7))]).isPopulationWide, "a range names no rows")
        #expect(!UserSearch(conditions: [.any([.compare(.id, .equal, .integer(7)), .identifier(system: nil, value: "x")])])
            .isPopulationWide, "alternatives that each name people")
        #expect(UserSearch(conditions: [.any([.compare(.id, .equal, .integer(7)), .nameIs("Ann", part: nil)])]).isPopulationWide,
                "an alternative that names nobody")
        #expect(UserSearch(conditions: [.any([])]).isPopulationWide)
    }

    @Test func anObservationSearchIsNarrowedOnlyWhenEveryArmNamesItsOwnersOrRows() {
        let owner = RowCondition.compare(.userID, .equal, .integer(3))
        let code = RowCondition.compare(.content("kind"), .equal, .text("heart_rate"))
        #expect(!MeasurementSearch(arms: [MeasurementArm(table: .vitalSigns, tag: 0, conditions: [code, owner])]).isPopulationWide)
        #expect(MeasurementSearch(arms: [MeasurementArm(table: .vitalSigns, tag: 0, conditions: [code, owner]),
                                         MeasurementArm(table: .bloodTests, tag: 1, conditions: [])]).isPopulationWide)
        #expect(MeasurementSearch(arms: [MeasurementArm(table: .vitalSigns, tag: 0, conditions: [code])]).isPopulationWide)
        #expect(!MeasurementSearch(arms: [MeasurementArm(table: .vitalSigns, tag: 0,
                                                         conditions: [code, .owner(.identifier(system: nil, value: "M-1"))])])
            .isPopulationWide, "a chain to one person's identifier")
        #expect(MeasurementSearch(arms: [MeasurementArm(table: .vitalSigns, tag: 0,
                                                        conditions: [code, .owner(.nameStarts(with: "ann", part: nil))])])
            .isPopulationWide, "a chain to everyone named so")
        #expect(!MeasurementSearch(arms: [MeasurementArm(table: .sleep, tag: 0, conditions: [.oneOf(.id, [.integer(1)])])])
            .isPopulationWide)
    }
}
