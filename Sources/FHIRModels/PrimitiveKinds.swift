/// The R4 primitive types and their value grammars (http://hl7.org/fhir/R4/datatypes.html#primitive).
public enum PrimitiveKinds {
    /// The kinds by type code, for values whose type is known only at run time (choice elements).
    public static let byName: [String: any PrimitiveKind.Type] = Dictionary(uniqueKeysWithValues: ([
        StringKind.self, CodeKind.self, IdKind.self, URIKind.self, URLKind.self, CanonicalKind.self, MarkdownKind.self,
        BooleanKind.self, IntegerKind.self, UnsignedIntKind.self, PositiveIntKind.self, DecimalKind.self, DateKind.self,
        DateTimeKind.self, InstantKind.self, TimeKind.self,
    ] as [any PrimitiveKind.Type]).map { ($0.typeName, $0) })

    public enum StringKind: PrimitiveKind {
        public static let typeName = "string"
        public static func isValid(_ text: String) -> Bool { !text.isEmpty && !PrimitiveGrammar.hasControlCharacters(text) }
    }

    public enum CodeKind: PrimitiveKind {
        public static let typeName = "code"
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.isCode(text) }
    }

    public enum IdKind: PrimitiveKind {
        public static let typeName = "id"
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.isID(text) }
    }

    public enum URIKind: PrimitiveKind {
        public static let typeName = "uri"
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.isURI(text) }
    }

    public enum URLKind: PrimitiveKind {
        public static let typeName = "url"
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.isURI(text) }
    }

    public enum CanonicalKind: PrimitiveKind {
        public static let typeName = "canonical"
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.isURI(text) }
    }

    public enum MarkdownKind: PrimitiveKind {
        public static let typeName = "markdown"
        public static func isValid(_ text: String) -> Bool { !text.isEmpty }
    }

    public enum XHTMLKind: PrimitiveKind {
        public static let typeName = "xhtml"
        public static func isValid(_ text: String) -> Bool { !text.isEmpty }
    }

    public enum BooleanKind: PrimitiveKind {
        public static let typeName = "boolean"
        public static let jsonForm = PrimitiveContent.JSONForm.boolean
        public static func isValid(_ text: String) -> Bool { text == "true" || text == "false" }
    }

    public enum IntegerKind: PrimitiveKind {
        public static let typeName = "integer"
        public static let jsonForm = PrimitiveContent.JSONForm.number
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.integer(text).map { _ in true } ?? false }
    }

    public enum UnsignedIntKind: PrimitiveKind {
        public static let typeName = "unsignedInt"
        public static let jsonForm = PrimitiveContent.JSONForm.number
        public static func isValid(_ text: String) -> Bool { (PrimitiveGrammar.integer(text) ?? -1) >= 0 }
    }

    public enum PositiveIntKind: PrimitiveKind {
        public static let typeName = "positiveInt"
        public static let jsonForm = PrimitiveContent.JSONForm.number
        public static func isValid(_ text: String) -> Bool { (PrimitiveGrammar.integer(text) ?? 0) > 0 }
    }

    public enum DecimalKind: PrimitiveKind {
        public static let typeName = "decimal"
        public static let jsonForm = PrimitiveContent.JSONForm.number
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.isDecimal(text) }
    }

    public enum DateKind: PrimitiveKind {
        public static let typeName = "date"
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.dateTime(text, allowTime: false) }
    }

    public enum DateTimeKind: PrimitiveKind {
        public static let typeName = "dateTime"
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.dateTime(text, allowTime: true) }
    }

    public enum InstantKind: PrimitiveKind {
        public static let typeName = "instant"
        public static func isValid(_ text: String) -> Bool {
            text.count >= 20 && PrimitiveGrammar.dateTime(text, allowTime: true) && text.contains("T")
        }
    }

    public enum TimeKind: PrimitiveKind {
        public static let typeName = "time"
        public static func isValid(_ text: String) -> Bool { PrimitiveGrammar.isTime(Array(text.utf8)[...]) }
    }
}
