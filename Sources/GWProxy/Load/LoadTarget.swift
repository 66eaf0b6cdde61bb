import Foundation

/// The URL a load run sends to, split into what a connection and a request line need.
public struct LoadTarget: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var useTLS: Bool
    /// Path and query exactly as they go on the request line.
    public var requestURI: String
    /// The `host` header value.
    public var authority: String
    /// The URL as the user wrote it, for reports.
    public var url: String

    /// Parses `http://HOST[:PORT]/PATH[?QUERY]` or `https://…`.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            throw LoadConfigurationError(message: "'\(text)' is not an http:// or https:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw LoadConfigurationError(message: "'\(text)' has no host")
        }
        useTLS = scheme == "https"
        // URLComponents keeps the brackets of an IPv6 host on some platforms and drops them on others.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (useTLS ? 443 : 80)
        guard (1...65535).contains(port) else {
            throw LoadConfigurationError(message: "'\(text)' has port \(port); ports are 1-65535")
        }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        requestURI = components.percentEncodedQuery.map { path + "?" + $0 } ?? path
        let hostText = self.host.contains(":") ? "[\(self.host)]" : self.host
        let defaultPort = useTLS ? 443 : 80
        authority = port == defaultPort ? hostText : "\(hostText):\(port)"
        url = text
    }
}
