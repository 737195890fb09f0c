import Foundation

/// The public keys of registered backend clients, read once per registration: a key set given at
/// registration is parsed when the client first asks for a token; one at a URL is fetched then, and
/// again (at most every 30 s) when an assertion names a key it did not hold. A client registered again
/// gets its keys read again.
actor ClientKeySets {
    private var sets: [String: (client: BackendClient, keys: IssuerKeys)] = [:]

    func keys(of client: BackendClient) throws(OAuthError) -> IssuerKeys {
        if let known = sets[client.id], known.client == client { return known.keys }
        let keys: IssuerKeys
        switch client.keys {
        case .inline(let text):
            let data = Data(text.utf8)
            keys = IssuerKeys(read: { data }, refetchInterval: .infinity)
        case .url(let text):
            guard let source = try? JWKSSource(text), case .url = source else {
                throw OAuthError(.invalidClient, "the client's registered key set URL cannot be used")
            }
            keys = IssuerKeys(source: source, refetchInterval: 30)
        }
        sets[client.id] = (client, keys)
        return keys
    }
}
