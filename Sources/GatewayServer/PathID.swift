import Hummingbird
import HTTPTypes

extension Parameters {
    /// A row id from the path: a positive whole number, else 400 naming the parameter.
    func rowID(_ name: String) throws -> Int64 {
        guard let text = get(name), let id = Int64(text), id > 0 else {
            throw APIError(.badRequest, code: "invalid_parameter", "\(name): '\(get(name) ?? "")' is not a positive whole number",
                           field: name)
        }
        return id
    }
}
