/// The header names the request path filters on, tested without lowercasing each name (which
/// allocated a string per header per request, both ways).
enum HeaderNames {
    /// Hop-by-hop headers, the ones set anew (`host`, `content-length`) and the caller's gateway
    /// key: never forwarded upstream. The provider's own key is added instead.
    static let notForwarded = HeaderNameSet([
        "host", "connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "upgrade", "te",
        "authorization", "x-api-key",
    ])

    /// Headers of an upstream's answer not passed back to the client: the hop-by-hop ones, and the
    /// gateway's own (`x-gwpipe-*`, `x-request-id`), which the gateway sets itself.
    static let notReturned = HeaderNameSet([
        "connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade", "trailer", "te",
        "x-gwpipe-revision", "x-gwpipe-route", "x-gwpipe-upstream", "x-gwpipe-slot", "x-request-id",
    ])

    /// The `count` bytes at `bytes` equal `lowercase` (lowercase ASCII) ignoring ASCII case.
    @inline(__always)
    static func equalFolded(_ bytes: UnsafePointer<UInt8>, _ count: Int, _ lowercase: StaticString) -> Bool {
        guard count == lowercase.utf8CodeUnitCount else { return false }
        return equalFolded(bytes, lowercase.utf8Start, count)
    }

    /// `count` bytes at `bytes` equal the `count` lowercase ASCII bytes at `lowercase`, ASCII case folded.
    @inline(__always)
    static func equalFolded(_ bytes: UnsafePointer<UInt8>, _ lowercase: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for index in 0..<count {
            let byte = bytes[index]
            let folded = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
            if folded != lowercase[index] { return false }
        }
        return true
    }
}
