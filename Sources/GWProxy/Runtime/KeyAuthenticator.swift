import Crypto
import GWPlan

/// Checks API keys against a keys set by their SHA-256, comparing digests in constant time.
struct KeyAuthenticator: Sendable {
    /// What a valid key reveals about its caller.
    struct Caller: Sendable, Hashable {
        var team: String
        var id: String
        /// The hex digest, a stable identity for limits and stickiness that is not the key.
        var digest: String
    }

    private let callers: [String: Caller]

    init(keys: [KeyPlan]) {
        var callers: [String: Caller] = [:]
        for key in keys {
            callers[key.sha256] = Caller(team: key.team, id: key.id ?? String(key.sha256.prefix(12)), digest: key.sha256)
        }
        self.callers = callers
    }

    /// The presented key from `authorization: Bearer KEY` or `x-api-key: KEY`.
    static func presentedKey(authorization: String?, apiKey: String?) -> String? {
        if let authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1].drop { $0 == " " }) }
        }
        return apiKey
    }

    /// The lowercase hex SHA-256 of `key`. Written into one string directly: callers present a key
    /// on nearly every request, and a string per byte joined together cost more than the hash.
    static func digest(_ key: String) -> String {
        let hash = SHA256.hash(data: Array(key.utf8))
        let hexDigits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 64) { out in
            var index = 0
            for byte in hash {
                out[index] = hexDigits.utf8Start[Int(byte >> 4)]
                out[index + 1] = hexDigits.utf8Start[Int(byte & 0xF)]
                index += 2
            }
            return index
        }
    }

    /// The caller for `key`, or nil. The lookup is by digest; the final comparison of the stored and
    /// computed digests runs in constant time so timing reveals nothing about stored hashes.
    func authenticate(_ key: String) -> Caller? {
        authenticate(digest: KeyAuthenticator.digest(key))
    }

    /// The caller for a key already hashed with `digest(_:)` (the gateway hashes each key once).
    func authenticate(digest: String) -> Caller? {
        guard let caller = callers[digest] else { return nil }
        return KeyAuthenticator.constantTimeEqual(caller.digest, digest) ? caller : nil
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
