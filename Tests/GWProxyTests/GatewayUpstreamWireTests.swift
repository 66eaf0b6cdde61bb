import Foundation
import GWProxy
import Testing

/// Upstream answers as the gateway's own parser reads them, end to end over real sockets: which
/// headers reach the client, how bodies are re-framed, when an upstream connection is reused,
/// and what is refused.
@Suite struct GatewayUpstreamWireTests {
    private static func serve(_ upstream: ScriptedUpstream) async throws -> GatewayServer {
        let (server, _) = try await GatewayTestSupport.serve("""
            gateway "t"
            provider up {
              kind    = openai_compatible
              url     = "http://127.0.0.1:\(upstream.port)"
              timeout = 2s
            }
            route chat {
              match POST "/v1/chat/completions"
              else -> up
            }

            """)
        return server
    }

    private static func post(id: String) -> String {
        let body = GatewayTestSupport.chatBody
        return "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-request-id: \(id)\r\ncontent-type: application/json\r\n"
            + "content-length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    @Test func pipelinedRequestsShareOneUpstreamConnectionAndHopByHopHeadersStayBehind() async throws {
        let body = #"{"id":"c","object":"chat.completion","choices":[],"usage":{"total_tokens":3}}"#
        let upstream = try await ScriptedUpstream.start(answering: "HTTP/1.1 200 OK\r\nServer: scripted\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-Gwpipe-Slot: spoofed\r\n"
            + "X-Request-Id: upstream-id\r\n\r\n\(body)")
        defer { Task { try? await upstream.stop() } }
        let server = try await Self.serve(upstream)
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        try await socket.send(Self.post(id: "one") + Self.post(id: "two") + Self.post(id: "three"))
        var text = ""
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, text.components(separatedBy: body).count - 1 < 3 {
            text = try await socket.received(within: 0.05).text
        }
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.filter { $0.hasPrefix("x-request-id: ") } == ["x-request-id: one", "x-request-id: two", "x-request-id: three"])
        #expect(lines.filter { $0 == "x-gwpipe-slot: stable" }.count == 3)
        #expect(lines.filter { $0 == "Server: scripted" }.count == 3)
        // The upstream's hop-by-hop headers and its claims to the gateway's own never reach the client.
        #expect(!text.contains("spoofed") && !text.contains("upstream-id") && !text.contains("Keep-Alive") && !text.contains("Connection"))
        #expect(text.components(separatedBy: body).count - 1 == 3)
        #expect(upstream.connections == 1)
        await socket.close()
    }

    @Test func aChunkedUpstreamStreamIsRechunkedAndTheConnectionReused() async throws {
        let events = ["data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: [DONE]\n\n"]
        let chunks = events.enumerated().map { index, event in
            String(event.utf8.count, radix: 16) + (index == 0 ? ";ext=1" : "") + "\r\n" + event + "\r\n"
        }
        let upstream = try await ScriptedUpstream.start(answering: "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Transfer-Encoding: chunked\r\nTrailer: x-checksum\r\n\r\n" + chunks.joined() + "0\r\nx-checksum: 1\r\n\r\n")
        defer { Task { try? await upstream.stop() } }
        let server = try await Self.serve(upstream)
        defer { Task { try? await server.stop() } }
        let client = try await TestHTTPClient.connect(port: server.port!)
        for _ in 0..<2 {
            let answer = try await client.request(.POST, "/v1/chat/completions", body: GatewayWireTestsBody.stream)
            #expect(answer.status == 200)
            #expect(answer.body == events.joined())
            #expect(answer.headers["transfer-encoding"] == ["chunked"])
            #expect(answer.headers["trailer"].isEmpty)
        }
        #expect(upstream.connections == 1)
        await client.close()
    }

    @Test func anUpstreamThatClosesAfterEachAnswerGetsANewConnectionEachTime() async throws {
        let upstream = try await ScriptedUpstream.start(
            answering: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        defer { Task { try? await upstream.stop() } }
        let server = try await Self.serve(upstream)
        defer { Task { try? await server.stop() } }
        let client = try await TestHTTPClient.connect(port: server.port!)
        for _ in 0..<3 {
            let answer = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
            #expect(answer.status == 200)
            #expect(answer.body == "{}")
        }
        #expect(upstream.connections == 3)
        await client.close()
    }

    @Test func anAnswerFramedTwoWaysIsA502() async throws {
        let upstream = try await ScriptedUpstream.start(
            answering: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        defer { Task { try? await upstream.stop() } }
        let server = try await Self.serve(upstream)
        defer { Task { try? await server.stop() } }
        let client = try await TestHTTPClient.connect(port: server.port!)
        let answer = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(answer.status == 502)
        #expect(answer.body.contains(#""code":"upstream_failed""#))
        #expect(answer.body.contains("up sent an answer that is not valid HTTP: it has both content-length and transfer-encoding"))
        await client.close()
    }
}

/// A streaming chat request body.
private enum GatewayWireTestsBody {
    static let stream = #"{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
}
