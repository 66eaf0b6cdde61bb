import Foundation

/// What counts as this machine: 127.0.0.0/8, ::1 and `localhost`. Anything else, private ranges
/// included, is the network.
enum LoopbackHost {
    static func isLoopback(_ host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        // A dotted quad whose first octet is 127 (not a name such as 127.example.com).
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        let numbers = octets.compactMap { UInt8($0) }
        return numbers.count == 4 && numbers[0] == 127
    }

    /// The host of a `host:port` listen address (`[::1]:8080`, `0.0.0.0:80`), if it has one.
    static func host(ofListenAddress text: String) -> String? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        return host.isEmpty ? nil : host
    }

    /// The scheme and host of a URL, without user, password, path or query, which may hold secrets.
    static func schemeAndHost(_ url: String) -> (scheme: String, host: String)? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { return nil }
        return (scheme, host)
    }
}
