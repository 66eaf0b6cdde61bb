import Crypto
import Foundation
import GWPlan
import NIOCore
import NIOSSL

/// Where and how to call one HTTP provider: host, port, TLS, path prefix and auth header. Parsed once
/// per revision (see `CompiledRevision.upstreams`), not per request: URL parsing and the strings
/// derived from it cost more than the rest of the request's routing.
///
/// A class: a request hands its target from the routing to the pool to the connection, and each
/// copy of a struct of ten strings retained all of them.
final class UpstreamTarget: Sendable {
    let host: String
    let port: Int
    let useTLS: Bool
    let pathPrefix: String
    /// The header carrying the provider key (`authorization: Bearer ...` or `x-api-key`).
    let authHeader: (name: String, value: String)?
    let kind: String
    let timeoutMs: Double
    /// How long opening a connection (TCP; the TLS handshake counts against the attempt) may take.
    let connectTimeout: TimeAmount
    /// The TLS context of this target's connections (see `UpstreamTLS`); nil for plain HTTP.
    let tls: Result<NIOSSLContext, any Error>?
    /// The `host` header value: the port only when it is not the scheme's default.
    let hostHeader: String
    /// The provider this target is of: connections are pooled and counted per provider, since two
    /// providers on one host may allow different `max_connections`.
    let providerName: String
    /// `scheme://host:port`.
    let address: String
    /// Idle connections are pooled, and counted against `max_connections`, by this: the provider
    /// and its address (`openai https://api.openai.com:443`), and with a `ca_file` a digest of its
    /// certificates, since a connection verified against other roots is not one this target may use.
    let poolKey: String
    /// The address, and with a `ca_file` the digest of its certificates: what `/metrics` labels this
    /// target's connections with, so two budgets of one provider (a CA rotated by a canary) show apart.
    let connectionsLabel: String
    /// `host` and the provider's auth header, encoded once: every request to this target sends them.
    let fixedHeaderBytes: [UInt8]

    init?(name: String, provider: ProviderPlan, environment: [String: String]) {
        guard let text = provider.url, let url = URL(string: text), let host = url.host,
            let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https"
        else { return nil }
        let useTLS = scheme == "https"
        let port = url.port ?? (useTLS ? 443 : 80)
        self.host = host
        self.useTLS = useTLS
        self.port = port
        var prefix = url.path
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.pathPrefix = prefix
        self.kind = provider.kind
        self.timeoutMs = provider.timeoutMs
        self.connectTimeout = .nanoseconds(Int64(max(1, provider.connectTimeoutMs) * 1_000_000))
        self.tls = useTLS ? UpstreamTLS.context(provider: name, caCertificates: provider.caCertificates) : nil
        // `host` holds an IPv6 literal without its brackets: they go back where a port may follow.
        // The `host` header names the port only when it is not the scheme's own.
        let hostName = host.contains(":") ? "[\(host)]" : host
        let hostHeader = port == (useTLS ? 443 : 80) ? hostName : "\(hostName):\(port)"
        self.hostHeader = hostHeader
        self.providerName = name
        let address = "\(useTLS ? "https" : "http")://\(hostName):\(port)"
        self.address = address
        // A revision that changes a provider's roots gets connections of its own (and, while both
        // revisions serve, a budget of its own): none verified against the roots it replaced.
        let trust = provider.caCertificates.map { pem in
            " ca:" + SHA256.hash(data: Data(pem.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        }
        self.connectionsLabel = address + (trust ?? "")
        self.poolKey = "\(name) \(connectionsLabel)"
        var authHeader: (name: String, value: String)?
        if let variable = provider.key?.environmentVariable, let key = UpstreamTarget.usableKey(environment[variable]) {
            authHeader = provider.kind == "anthropic" ? ("x-api-key", key) : ("authorization", "Bearer " + key)
        }
        self.authHeader = authHeader
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
