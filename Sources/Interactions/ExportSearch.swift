import Access
import Foundation
import Mapping
import NativeModel
import Search
public import Store

/// One native search an export walks: the Patients or the Observations one `_typeFilter` (or none)
/// selects, within the caller's reach, changed after `_since`, of the Patients `patient` names.
public enum ExportSearch: Sendable, Hashable {
    case users(UserSearch)
    case measurements(MeasurementSearch)
}

extension FHIRInteractions {
    /// The searches that export `type`: one per `_typeFilter` on it, or one for the whole type.
    func exportSearches(_ type: String, request: ExportRequest) throws -> [ExportSearch] {
        let filters = request.typeFilters[type] ?? [""]
        return try filters.flatMap { try exportSearches(type, filter: $0, since: request.since, patients: request.patients) }
    }

    /// The searches of one `_typeFilter` (`filter`, a query string; empty for the whole type), planned as
    /// a search of the type would be (chains and `_has` within the caller's reach), kept within what
    /// the caller may export of the type (`exportReach`), with `_since` and `patient` as conditions.
    func exportSearches(_ type: String, filter: String, since: Instant?, patients: [Int64]?) throws -> [ExportSearch] {
        guard let reach = exportReach(type) else {
            throw FHIRError.forbidden("system/\(type).rs (every patient's \(type) resources)", for: "exporting \(type)")
        }
        let query = try Self.filterQuery(type, filter)
        do {
            if type == "Patient" {
                var search = try withinReach(PatientSearchPlan.userSearch(query, now: now()))
                if let since { search.conditions.append(.compare(.updatedAt, .greater, .integer(since.millisecondsSince1970))) }
                if let patients { search.conditions.append(.oneOf(.id, patients.map { .integer($0) })) }
                search.sort = []
                return [.users(search)]
            }
            let plan = try ObservationSearchPlan(query, serverBase: serverBase, now: now())
            var search = try withinReach(plan.search)
            if !reach.isEverything { search = Self.restricted(search, to: reach) }
            for index in search.arms.indices {
                if let since {
                    search.arms[index].conditions.append(.compare(.updatedAt, .greater, .integer(since.millisecondsSince1970)))
                }
                if let patients { search.arms[index].conditions.append(.oneOf(.userID, patients.map { .integer($0) })) }
            }
            // One walk per arm (a measure of a table), each in row order: a page of the whole union would
            // read a page from every arm to keep one page of them.
            return search.arms.map { .measurements(MeasurementSearch(arms: [$0])) }
        } catch let error as SearchError {
            throw FHIRError(.invalid, "_typeFilter '\(type)?\(filter)': \(error.message)", at: "_typeFilter")
        }
    }

    /// A `_typeFilter`'s query string as a search query; parameters that shape a page have no place in it.
    private static func filterQuery(_ type: String, _ filter: String) throws -> SearchQuery {
        var parameters: [SearchQuery.Parameter] = []
        for item in filter.split(separator: "&") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            guard !pageParameters.contains(name), !SearchParser.transportParameters.contains(name) else {
                throw FHIRError(.invalid, "_typeFilter '\(type)?\(filter)': \(name) shapes a page of results and has no "
                    + "place in an export's filter", at: "_typeFilter")
            }
            parameters.append(SearchQuery.Parameter(name, value))
        }
        do {
            return try SearchParser(resourceType: type, lenient: false).parse(parameters)
        } catch let error as SearchError {
            throw FHIRError(.invalid, "_typeFilter '\(type)?\(filter)': \(error.message)", at: "_typeFilter")
        }
    }
}
