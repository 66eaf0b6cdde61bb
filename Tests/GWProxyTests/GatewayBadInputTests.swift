import Foundation
import GWPlan
import Testing

@testable import GWProxy

/// Bad clients and bad upstreams: each gets the right answer, and other clients keep being served.
@Suite struct GatewayBadInputTests {
    static let program = """
        gateway "t"
        provider m { kind = mock; latency = 0ms..1ms; tokens = 200; stream = true }
        route chat {
          match POST "/v1/chat/completions"
          else -> m
        }

        """

    private func stillServes(_ port: Int) async throws {
        let client = try await TestHTTPClient.connect(port: port)
        let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(response.status == 200)
        await client.close()
    }

    @Test func malformedHTTPGets400AndTheConnectionCloses() async throws {
        let (server, _) = try await GatewayTestSupport.serve(Self.program)
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        try await socket.send("THIS IS NOT HTTP\r\n\r\n")
        let (text, closed) = try await socket.received(within: 5)
        #expect(text.hasPrefix("HTTP/1.1 400"))
        #expect(closed)
        try await stillServes(server.port!)
    }

    @Test func oversizedHeadersAreRefused() async throws {
        let (server, _) = try await GatewayTestSupport.serve(Self.program)
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        let huge = String(repeating: "a", count: 200_000)
        try await socket.send("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-big: \(huge)\r\n\r\n")
        let (text, closed) = try await socket.received(within: 5)
        #expect(text.hasPrefix("HTTP/1.1 431"), "got: \(text.prefix(80))")
        #expect(text.contains(#""code":"headers_too_large""#))
        #expect(text.contains("80 KiB"), "the answer says what the limit is")
        #expect(closed)
        try await stillServes(server.port!)
    }

    @Test func aClientLeavingMidStreamDoesNotHurtOthers() async throws {
        let (server, _) = try await GatewayTestSupport.serve(Self.program.replacingOccurrences(of: "0ms..1ms", with: "300ms"))
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        let body = #"{"model":"m","stream":true,"messages":[]}"#
        try await socket.send("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)")
        _ = try await socket.received(within: 0.15)
        await socket.close()
        try await stillServes(server.port!)
    }

    @Test func anUpstreamSendingGarbageGets502() async throws {
        // A TCP server that answers every connection with bytes that are not HTTP.
        let garbage = try await GarbageServer.start()
        defer { Task { try? await garbage.stop() } }
        let (server, _) = try await GatewayTestSupport.serve("""
            gateway "t"
            provider bad {
              kind    = openai_compatible
              url     = "http://127.0.0.1:\(garbage.port)"
              timeout = 2s
            }
            route chat {
              match POST "/v1/chat/completions"
              else -> bad
            }

            """)
        defer { Task { try? await server.stop() } }
        let client = try await TestHTTPClient.connect(port: server.port!)
        let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(response.status == 502)
        #expect(response.body.contains("upstream_failed"))
        #expect(response.body.contains("bad sent an answer that is not valid HTTP: it does not start with an HTTP/1.x status line"))
        await client.close()
    }
}
