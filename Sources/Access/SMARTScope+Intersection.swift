/// What a backend client may be granted: the part of a scope it asks for that a scope it was registered
/// with also allows (SMART Backend Services, "the scopes granted … may be a subset of those requested",
/// http://hl7.org/fhir/smart-app-launch/backend-services.html#scopes).
extension SMARTScope {
    /// The scope that both this one and `other` allow, nil when they share nothing: the same context,
    /// the narrower resource type (`*` gives way to a named one), the verbs of both, and the categories
    /// both allow (a scope without categories allows every category).
    public func intersection(_ other: SMARTScope) -> SMARTScope? {
        guard context == other.context else { return nil }
        let type: String
        if resourceType == other.resourceType || other.resourceType == "*" {
            type = resourceType
        } else if resourceType == "*" {
            type = other.resourceType
        } else {
            return nil
        }
        let verbs = verbs.intersection(other.verbs)
        guard !verbs.isEmpty else { return nil }
        let categories: [CategoryCode]?
        switch (self.categories, other.categories) {
        case (nil, nil): categories = nil
        case (let mine?, nil): categories = mine
        case (nil, let theirs?): categories = theirs
        case (let mine?, let theirs?):
            let shared = mine.filter(theirs.contains)
            guard !shared.isEmpty else { return nil }
            categories = shared
        }
        return SMARTScope(context: context, resourceType: type, verbs: verbs, categories: categories)
    }

    /// The scope in SMART v2 syntax (`system/Observation.rs?category=…|laboratory`), which `init(_:)`
    /// reads back as the same scope.
    public var text: String {
        var text = "\(context.rawValue)/\(resourceType).\(AccessVerb.letters(verbs))"
        if let categories {
            text += "?category=" + categories.map { code in
                (code.system.map { Self.escaped($0) + "|" } ?? "") + Self.escaped(code.code)
            }.joined(separator: ",")
        }
        return text
    }

    /// Percent-encodes what would end or split a category token in a scope: `%`, `,`, `&`, `|`, `#`,
    /// `?`, space and anything outside ASCII's printable characters.
    static func escaped(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte > 0x20, byte < 0x7F, !"%,&|#? ".unicodeScalars.contains(scalar) {
                escaped.unicodeScalars.append(scalar)
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                escaped.unicodeScalars.append("%")
                escaped.unicodeScalars.append(hex[Int(byte >> 4)])
                escaped.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return escaped
    }

    /// The scopes of `asked` that `registered` allow, each narrowed to what a registered scope allows, in
    /// the order asked, without repeats. Only resource scopes count: `openid`, `launch` and the like are
    /// never granted to a backend client, and a scope this parser cannot read grants nothing.
    public static func granted(asked: String, registered: String) -> [SMARTScope] {
        let allowed = registered.split(separator: " ").compactMap { SMARTScope(String($0)) }
        var granted: [SMARTScope] = []
        for text in asked.split(separator: " ") {
            guard let scope = SMARTScope(String(text)) else { continue }
            for registeredScope in allowed {
                if let both = scope.intersection(registeredScope), !granted.contains(both) { granted.append(both) }
            }
        }
        return granted
    }
}
