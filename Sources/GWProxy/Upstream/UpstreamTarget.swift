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
    /// The provider this target is of: connections are pooled and counted per provider, since two
    /// providers on one host may allow different `max_connections`.
    var providerName: String
    /// `scheme://host:port`.
    var address: String
    /// Idle connections are pooled, and counted against `max_connections`, by this: the provider
    /// and its address (`openai https://api.openai.com:443`).
    var poolKey: String
    /// `host` and the provider's auth header, encoded once: every request to this target sends them.
    var fixedHeaderBytes: [UInt8] = []

    init?(name: String, provider: ProviderPlan, environment: [String: String]) {
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
        self.providerName = name
        self.address = "\(useTLS ? "https" : "http")://\(host):\(port)"
        self.poolKey = "\(name) \(address)"
        if let variable = provider.key?.environmentVariable, let key = UpstreamTarget.usableKey(environment[variable]) {
            authHeader = provider.kind == "anthropic" ? ("x-api-key", key) : ("authorization", "Bearer " + key)
        }
        var fixed = "host: \(hostHeader)\r\n"
        if let authHeader { fixed += "\(authHeader.name): \(authHeader.value)\r\n" }
        fixedHeaderBytes = Array(fixed.utf8)
    }

    /// A key as it can go into a header: surrounding whitespace (a newline read from a file) is
    /// dropped, and a key with control characters inside is not sent at all, since it would end
    /// the header early and let the rest of it be read as headers of its own.
    static func usableKey(_ value: String?) -> String? {
        guard let key = value?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty else { return nil }
        guard !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
        return key
    }
}
