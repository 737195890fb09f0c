import Foundation

/// Search parameters from a query string or a form body (`application/x-www-form-urlencoded`):
/// pairs split at `&` and the first `=`, `+` read as a space, percent escapes decoded, order kept.
public enum SearchQueryString {
    /// The pairs of `text`; a pair whose percent escapes do not decode is a `SearchError` naming it.
    public static func parameters(_ text: String) throws -> [SearchQuery.Parameter] {
        try text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count == 2 ? parts[1] : "") else {
                throw SearchError(String(parts[0]), "'\(pair)' is not percent-encoded correctly")
            }
            return name.isEmpty ? nil : SearchQuery.Parameter(name, value)
        }
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
