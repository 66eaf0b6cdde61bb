import Foundation
import GWPlan

/// Where and how to call one HTTP provider: host, port, TLS, path prefix and auth header. Parsed once
/// per revision (see `CompiledRevision.upstreams`), not per request: URL parsing and the strings
/// derived from it cost more than the rest of the request's routing.
struct UpstreamTarget: Sendable {
    var host: String
    var port: Int
    var useTLS: Bool
    var pathPrefix: String
    /// The header carrying the provider key (`authorization: Bearer ...` or `x-api-key`).
    var authHeader: (name: String, value: String)?
    var kind: String
    var timeoutMs: Double
    /// The `host` header value: the port only when it is not the scheme's default.
    var hostHeader: String
    /// Idle connections are pooled by this (scheme, host and port).
    var poolKey: String

    init?(provider: ProviderPlan, environment: [String: String]) {
        guard let text = provider.url, let url = URL(string: text), let host = url.host,
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return nil }
        self.host = host
        self.useTLS = scheme == "https"
        self.port = url.port ?? (useTLS ? 443 : 80)
        var prefix = url.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.pathPrefix = prefix
        self.kind = provider.kind
        self.timeoutMs = provider.timeoutMs
        self.hostHeader = port == 80 || port == 443 ? host : "\(host):\(port)"
        self.poolKey = "\(useTLS ? "https" : "http")://\(host):\(port)"
        if let variable = provider.key?.environmentVariable, let key = environment[variable], !key.isEmpty {
            authHeader = provider.kind == "anthropic" ? ("x-api-key", key) : ("authorization", "Bearer " + key)
        }
    }
}
