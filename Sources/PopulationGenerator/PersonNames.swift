/// Names for generated people: common given names by sex and family names from several origins.
enum PersonNames {
    static let female = [
        "Emma", "Olivia", "Sofia", "Mia", "Amelia", "Hannah", "Lea", "Chloe", "Aisha", "Fatima", "Yuki", "Mei",
        "Priya", "Ana", "Lucia", "Ingrid", "Zoe", "Nora", "Elena", "Grace", "Amara", "Leila", "Sara", "Julia",
    ]
    static let male = [
        "Liam", "Noah", "Lucas", "Elias", "Mateo", "Leon", "Omar", "Hiroshi", "Wei", "Arjun", "Diego", "Jonas",
        "Samuel", "David", "Felix", "Kwame", "Luca", "Adam", "Ivan", "Tomas", "Ethan", "Yusuf", "Milan", "Oscar",
    ]
    static let other = ["Alex", "Sam", "Robin", "Kim", "Charlie", "Noa", "Jamie", "Eden"]
    static let family = [
        "Müller", "Smith", "García", "Rossi", "Nguyen", "Kowalski", "Johansson", "Okafor", "Tanaka", "Chen",
        "Patel", "Silva", "Dubois", "Novak", "Schmidt", "Brown", "Hernández", "Kim", "Ivanova", "Mensah",
        "O'Brien", "Fischer", "Haddad", "Andersen", "Costa", "Wójcik", "Yılmaz", "Lefèvre", "Meier", "Santos",
    ]

    /// Lowercase ASCII for an email's local part: `Müller` becomes `muller`, `O'Brien` becomes `obrien`.
    static func emailPart(_ name: String) -> String {
        let folded: [Character: String] = [
            "ü": "u", "ö": "o", "ä": "a", "á": "a", "é": "e", "è": "e", "í": "i", "ó": "o", "ñ": "n", "ç": "c",
            "ı": "i", "ł": "l", "ó̈": "o", "ś": "s", "ź": "z",
        ]
        return name.lowercased().map { folded[$0] ?? ($0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "") }
            .joined()
    }
}
