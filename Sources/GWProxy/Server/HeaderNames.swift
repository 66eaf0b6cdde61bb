/// The header names the request path filters on, tested without lowercasing each name (which
/// allocated a string per header per request, both ways).
enum HeaderNames {
    /// Hop-by-hop headers, the ones set anew (`host`, `content-length`) and the caller's gateway
    /// key: never forwarded upstream. The provider's own key is added instead.
    static let notForwarded = [
        "host", "connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade", "te",
        "authorization", "x-api-key",
    ]

    /// Hop-by-hop headers of an upstream's answer: not passed back to the client.
    static let notReturned = [
        "connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "trailer", "te",
    ]

    /// The gateway's own answer headers; an upstream's headers of these names are dropped for them.
    static let decoration = [
        "x-gwpipe-revision", "x-gwpipe-route", "x-gwpipe-upstream", "x-gwpipe-slot", "x-request-id",
    ]

    /// Whether `name` is one of `names` (all lowercase), ignoring ASCII case. The HTTP parser only
    /// admits token characters in names, so ASCII case is all the case there is.
    static func contains(_ names: [String], _ name: String) -> Bool {
        names.contains { equalIgnoringASCIICase(name, $0) }
    }

    /// `name` equals `lowercase` (lowercase ASCII) ignoring ASCII case.
    static func equalIgnoringASCIICase(_ name: String, _ lowercase: String) -> Bool {
        let utf8 = name.utf8
        guard utf8.count == lowercase.utf8.count else { return false }
        for (byte, expected) in zip(utf8, lowercase.utf8) {
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if folded != expected { return false }
        }
        return true
    }
}
