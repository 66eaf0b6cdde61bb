import Foundation
import NIOSSL
import Testing

@testable import GWProxy

/// HTTPS upstreams: the gateway verifies the upstream's certificate, against the system's roots or
/// a provider's `ca_file`, by host name or by IP address, and a certificate it cannot verify is a
/// failed attempt (502), never a request sent in clear or to an unverified peer.
@Suite struct GatewayTLSUpstreamTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tls")

    private static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// An upstream serving HTTPS with the fixture certificate (`localhost`, `127.0.0.1`).
    private static func httpsUpstream() async throws -> CountingUpstream {
        let certificate = try NIOSSLCertificate(bytes: Array(try fixture("server.pem").utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(try fixture("server-key.pem").utf8), format: .pem)
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        return try await CountingUpstream.start(delay: .zero, tls: try NIOSSLContext(configuration: configuration))
    }

    private static func program(url: String, caFile: Bool) -> String {
        """
        gateway "t"
        provider secure {
          kind = openai_compatible
          url = "\(url)"
          \(caFile ? #"ca_file = "ca.pem""# : "")
          timeout = 10s
        }
        route chat {
          match POST "/v1/chat/completions"
          else -> secure
        }

        """
    }

    private static func post(_ server: GatewayServer) async throws -> TestHTTPClient.Response {
        let client = try await TestHTTPClient.connect(port: server.port!)
        defer { Task { await client.close() } }
        return try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
    }

    @Test(arguments: ["localhost", "127.0.0.1"])
    func anHTTPSUpstreamIsVerifiedAgainstItsCAFile(host: String) async throws {
        let upstream = try await Self.httpsUpstream()
        let (server, _) = try await GatewayTestSupport.serve(
            Self.program(url: "https://\(host):\(upstream.port)", caFile: true), files: ["ca.pem": try Self.fixture("ca.pem")])
        let answer = try await Self.post(server)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(answer.body.contains(#""total_tokens":3"#))
        #expect(upstream.current.peakInFlight == 1)
        try await server.stop()
        try await upstream.stop()
    }

    @Test func anUpstreamCertificateTheSystemRootsDoNotKnowFailsTheAttempt() async throws {
        let upstream = try await Self.httpsUpstream()
        let (server, _) = try await GatewayTestSupport.serve(Self.program(url: "https://localhost:\(upstream.port)", caFile: false))
        let answer = try await Self.post(server)
        #expect(answer.status == 502, "\(answer.body)")
        #expect(answer.body.contains("cannot connect to secure (TLS handshake failed: certificate verify failed)"), "\(answer.body)")
        // The handshake failed before the request could go out: the upstream never saw it.
        #expect(upstream.current.peakInFlight == 0)
        try await server.stop()
        try await upstream.stop()
    }

    @Test func aCAFileWithUnusableCertificatesFailsEveryAttemptWithWhy() {
        let target = UpstreamTLS.context(provider: "secure", caCertificates: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
        guard case .failure(let error) = target else {
            Issue.record("a certificate of four zero bytes was accepted")
            return
        }
        #expect("\(error)".hasPrefix("the ca_file certificates of provider secure cannot be used"))
    }

    @Test func snIIsSentForHostNamesOnly() {
        #expect(UpstreamTLS.serverHostname("api.openai.com") == "api.openai.com")
        #expect(UpstreamTLS.serverHostname("127.0.0.1") == nil)
        #expect(UpstreamTLS.serverHostname("::1") == nil)
    }
}
