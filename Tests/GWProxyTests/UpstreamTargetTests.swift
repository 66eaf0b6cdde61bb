import GWPlan
import NIOCore
import Testing

@testable import GWProxy

/// What a provider's URL and attributes become for its connections: the `host` header, the pool
/// key, the connect timeout and TLS.
@Suite struct UpstreamTargetTests {
    private static func target(_ url: String, connectTimeoutMs: Double = 5_000, caCertificates: String? = nil) throws -> UpstreamTarget {
        let plan = ProviderPlan(
            kind: "openai_compatible", url: url, key: nil, timeoutMs: 60_000, connectTimeoutMs: connectTimeoutMs, maxConnections: 8,
            mock: nil, costPer1kTokens: nil, caCertificates: caCertificates)
        return try #require(UpstreamTarget(name: "p", provider: plan, environment: [:]))
    }

    @Test func theHostHeaderNamesThePortOnlyWhenItIsNotTheSchemesOwn() throws {
        #expect(try Self.target("https://api.example.com/v1").hostHeader == "api.example.com")
        #expect(try Self.target("http://api.example.com").hostHeader == "api.example.com")
        #expect(try Self.target("http://api.example.com:443").hostHeader == "api.example.com:443")
        #expect(try Self.target("https://api.example.com:80").hostHeader == "api.example.com:80")
        #expect(try Self.target("https://api.example.com:8443").hostHeader == "api.example.com:8443")
    }

    @Test func anIPv6HostIsBracketedWhereAPortFollows() throws {
        let target = try Self.target("http://[::1]:8080/v1")
        #expect(target.host == "::1")
        #expect(target.hostHeader == "[::1]:8080")
        #expect(target.poolKey == "p http://[::1]:8080")
    }

    @Test func connectTimeoutComesFromTheProvider() throws {
        #expect(try Self.target("http://127.0.0.1:9", connectTimeoutMs: 250).connectTimeout == .milliseconds(250))
        #expect(try Self.target("http://127.0.0.1:9").connectTimeout == .seconds(5))
    }

    @Test func connectionsVerifiedAgainstOtherRootsAreNotShared() throws {
        let system = try Self.target("https://llm.internal:8443")
        let first = try Self.target("https://llm.internal:8443", caCertificates: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        let again = try Self.target("https://llm.internal:8443", caCertificates: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        let rotated = try Self.target("https://llm.internal:8443", caCertificates: "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n")
        #expect(system.poolKey == "p https://llm.internal:8443")
        #expect(first.poolKey.hasPrefix("p https://llm.internal:8443 ca:"))
        #expect(first.poolKey == again.poolKey)
        #expect(first.poolKey != rotated.poolKey)
        #expect(first.connectionsLabel != rotated.connectionsLabel, "the two budgets show apart on /metrics")
        #expect(system.connectionsLabel == "https://llm.internal:8443")
    }

    @Test func onlyHTTPSUpstreamsHaveATLSContext() throws {
        #expect(try Self.target("http://127.0.0.1:9").tls == nil)
        #expect(try Self.target("https://127.0.0.1:9").tls != nil)
    }
}
