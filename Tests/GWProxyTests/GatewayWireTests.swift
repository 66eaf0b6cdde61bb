import Foundation
import GWPlan
import GWProxy
import Testing

/// What the gateway puts on the wire itself: pipelined answers in order, HEAD without bodies,
/// chunked and HTTP/1.0 streams, and the idle timeout of keep-alive connections.
@Suite struct GatewayWireTests {
    static let program = """
        gateway "t"
        provider m { kind = mock; latency = 0ms; tokens = 20 }
        provider slow { kind = mock; latency = 400ms; tokens = 20 }
        provider s { kind = mock; latency = 0ms; tokens = 20; stream = true }
        provider slower { kind = mock; latency = 1300ms; tokens = 20 }
        route chat {
          match POST "/v1/chat/completions"
          else -> m
        }
        route delayed {
          match POST "/v1/completions"
          else -> slow
        }
        route streamed {
          match POST "/v1/responses"
          else -> s
        }
        route embed {
          match POST "/v1/embeddings"
          else -> slower
        }

        """

    static let streamBody = #"{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}"#

    private static func post(_ path: String, id: String, version: String = "HTTP/1.1", body: String = GatewayTestSupport.chatBody) -> String {
        "POST \(path) \(version)\r\nhost: x\r\nx-request-id: \(id)\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    private static func serve(_ configuration: GatewayConfiguration = GatewayConfiguration()) async throws -> GatewayServer {
        let compiled = try GatewayTestSupport.compile(program)
        let state = GatewayState()
        state.deploy(compiled.revision, id: compiled.id)
        return try await GatewayServer.start(host: "127.0.0.1", port: 0, state: state, configuration: configuration)
    }

    /// Waits until `text` holds `count` answers (or the deadline passes).
    private static func answers(_ socket: RawSocket, count: Int, within seconds: Double) async throws -> (String, Bool) {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var last = ("", false)
        while ContinuousClock.now < deadline {
            last = try await socket.received(within: 0.02)
            if last.0.components(separatedBy: "HTTP/1.1 ").count - 1 >= count || last.1 { return last }
        }
        return last
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let server = try await Self.serve()
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        // The slow one first: the quick ones behind it must wait for it, not overtake it.
        try await socket.send(Self.post("/v1/completions", id: "first") + Self.post("/v1/chat/completions", id: "second")
            + Self.post("/v1/chat/completions", id: "third"))
        let (text, closed) = try await Self.answers(socket, count: 3, within: 5)
        #expect(!closed)
        let ids = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("x-request-id: ") }
        #expect(ids == ["x-request-id: first", "x-request-id: second", "x-request-id: third"])
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count - 1 == 3)
        await socket.close()
    }

    @Test func aMalformedRequestBehindAGoodOneIsAnsweredAfterIt() async throws {
        let server = try await Self.serve()
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        try await socket.send(Self.post("/v1/completions", id: "good") + "NOT HTTP AT ALL\r\n\r\n")
        let (text, closed) = try await socket.received(within: 5)
        #expect(closed)
        let good = try #require(text.range(of: "HTTP/1.1 200 OK"))
        let bad = try #require(text.range(of: "HTTP/1.1 400 Bad Request"))
        #expect(good.lowerBound < bad.lowerBound)
        #expect(text.contains(#""code":"bad_request""#))
    }

    @Test func garbageAfterAHeadRequestStillGetsAnErrorBody() async throws {
        let server = try await Self.serve()
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        try await socket.send("HEAD /v1/chat/completions HTTP/1.1\r\nhost: x\r\n\r\nNOT HTTP AT ALL\r\n\r\n")
        let (text, closed) = try await socket.received(within: 5)
        #expect(closed)
        let bad = try #require(text.range(of: "HTTP/1.1 400 Bad Request"))
        #expect(text[bad.upperBound...].contains(#""code":"bad_request""#), "the 400 keeps its body: \(text)")
    }

    @Test func aClientExpectingContinueGetsTheGoAheadAndChunkedBodiesAreRead() async throws {
        let server = try await Self.serve()
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        let body = GatewayTestSupport.chatBody
        try await socket.send("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nexpect: 100-continue\r\nx-request-id: waited\r\n"
            + "content-length: \(body.utf8.count)\r\n\r\n")
        // Nothing of the body is sent until the gateway says to go ahead.
        var text = ""
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !text.contains("\r\n\r\n") {
            text = try await socket.received(within: 0.02).text
        }
        #expect(text == "HTTP/1.1 100 Continue\r\n\r\n")
        let half = body.utf8.count / 2
        let chunked = "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nx-request-id: chunked\r\ntransfer-encoding: chunked\r\n\r\n"
            + String(half, radix: 16) + "\r\n" + String(body.prefix(half)) + "\r\n"
            + String(body.utf8.count - half, radix: 16) + "\r\n" + String(body.dropFirst(half)) + "\r\n0\r\n\r\n"
        try await socket.send(body + chunked)
        let (answers, closed) = try await Self.answers(socket, count: 3, within: 5)
        #expect(!closed)
        let ids = answers.components(separatedBy: "\r\n").filter { $0.hasPrefix("x-request-id: ") }
        #expect(ids == ["x-request-id: waited", "x-request-id: chunked"])
        #expect(answers.components(separatedBy: "HTTP/1.1 200 OK").count - 1 == 2)
        await socket.close()
    }

    @Test func aClientExpectingContinueForABodyOverTheLimitGetsThe413AtOnce() async throws {
        let server = try await Self.serve(GatewayConfiguration(maxBodyBytes: 1024))
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        // Only the head is sent: the gateway must not wait for a body it would refuse anyway.
        try await socket.send("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nexpect: 100-continue\r\n"
            + "content-length: 5000\r\n\r\n")
        let (text, closed) = try await socket.received(within: 5)
        #expect(closed)
        #expect(text.hasPrefix("HTTP/1.1 413 Payload Too Large\r\n"), "got: \(text)")
        #expect(!text.contains("100 Continue"))
        #expect(text.contains(#""code":"body_too_large""#), "got: \(text)")
    }

    /// A client waiting for the go-ahead gets the refusal instead when the head alone decides it:
    /// the request's route, its caller and its declared length are known before any body.
    @Test(arguments: [
        ("/v1/unknown", "", "HTTP/1.1 404 Not Found", "no_route"),
        ("/v1/guarded", "authorization: Bearer not-a-key\r\n", "HTTP/1.1 401 Unauthorized", "invalid_api_key"),
        ("/v1/small", "", "HTTP/1.1 413 Payload Too Large", "body_too_large"),
    ])
    func aClientExpectingContinueIsRefusedBeforeItsBodyWhenTheHeadDecides(
        path: String, extraHeaders: String, statusLine: String, code: String
    ) async throws {
        let (server, _) = try await GatewayTestSupport.serve("""
            gateway "t"
            keys teams { file = "keys.yaml" }
            provider m { kind = mock; latency = 0ms; tokens = 20 }
            route guarded {
              match POST "/v1/guarded"
              auth teams
              else -> m
            }
            route small {
              match POST "/v1/small"
              max_body = 1KB
              else -> m
            }

            """, files: ["keys.yaml": GatewayTestSupport.keysFile])
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        try await socket.send("POST \(path) HTTP/1.1\r\nhost: x\r\nexpect: 100-continue\r\n\(extraHeaders)content-length: 2000\r\n\r\n")
        let (text, closed) = try await socket.received(within: 5)
        #expect(closed, "the connection closes: the client may still send the body")
        #expect(text.hasPrefix(statusLine + "\r\n"), "got: \(text)")
        #expect(!text.contains("100 Continue"))
        #expect(text.contains("\"code\":\"\(code)\""), "got: \(text)")
    }

    @Test func aRequestFramedTwoWaysIsRefusedAndTheConnectionClosed() async throws {
        let server = try await Self.serve()
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        // The smuggler's request: a proxy reading content-length and one reading the chunks
        // would disagree on where the next request starts.
        try await socket.send("POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n"
            + "0\r\n\r\nGET /metrics HTTP/1.1\r\n\r\n")
        let (text, closed) = try await socket.received(within: 5)
        #expect(closed)
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(text.contains("The request is not valid HTTP/1.1: it has both content-length and transfer-encoding."))
        #expect(text.components(separatedBy: "HTTP/1.1 ").count - 1 == 1, "nothing after the refused request is answered")
    }

    @Test func headAnswersHaveNoBodyAndTheConnectionStaysInStep() async throws {
        let server = try await Self.serve()
        defer { Task { try? await server.stop() } }
        let socket = try await RawSocket.connect(port: server.port!)
        try await socket.send("HEAD /v1/chat/completions HTTP/1.1\r\nhost: x\r\n\r\n" + Self.post("/v1/chat/completions", id: "after"))
        let (text, _) = try await Self.answers(socket, count: 2, within: 5)
        let parts = text.components(separatedBy: "HTTP/1.1 ")
        try #require(parts.count == 3, "got: \(text)")
        // 405 with the length the body would have had, and nothing after the blank line.
        #expect(parts[1].hasPrefix("405 Method Not Allowed\r\n"))
        #expect(parts[1].contains("content-length: "))
        #expect(parts[1].hasSuffix("\r\n\r\n"))
        #expect(parts[2].hasPrefix("200 OK\r\n"))
        #expect(parts[2].contains("x-request-id: after"))
        await socket.close()
    }

    @Test func streamsAreChunkedForHTTP11AndCloseDelimitedForHTTP10() async throws {
        let server = try await Self.serve()
        defer { Task { try? await server.stop() } }
        let chunked = try await RawSocket.connect(port: server.port!)
        try await chunked.send(Self.post("/v1/responses", id: "c", body: Self.streamBody))
        let deadline = ContinuousClock.now + .seconds(5)
        var text = ""
        while ContinuousClock.now < deadline, !text.hasSuffix("\r\n0\r\n\r\n") {
            text = try await chunked.received(within: 0.02).text
        }
        #expect(text.contains("transfer-encoding: chunked\r\n"))
        #expect(text.hasSuffix("\r\n0\r\n\r\n"), "the last chunk ends the body")
        #expect(text.contains("data: [DONE]"))
        await chunked.close()

        let old = try await RawSocket.connect(port: server.port!)
        try await old.send(Self.post("/v1/responses", id: "o", version: "HTTP/1.0", body: Self.streamBody))
        let (plain, closed) = try await old.received(within: 5)
        #expect(closed, "an HTTP/1.0 stream ends with the connection")
        #expect(!plain.contains("transfer-encoding"))
        #expect(plain.contains("connection: close\r\n"))
        #expect(plain.contains("data: [DONE]"))
    }

    @Test func idleKeepAliveConnectionsAreClosedButAnswersInFlightAreNot() async throws {
        // Timeouts of a second: short enough for a test, long enough that a loaded machine does not
        // close the connection between connecting and sending.
        let server = try await Self.serve(GatewayConfiguration(idleTimeout: .seconds(1), headerTimeout: .seconds(1)))
        defer { Task { try? await server.stop() } }
        // The answer takes 1.3 s, longer than both timeouts: it must still arrive.
        let busy = try await RawSocket.connect(port: server.port!, sending: Self.post("/v1/embeddings", id: "slower"))
        let (answered, _) = try await Self.answers(busy, count: 1, within: 10)
        #expect(answered.hasPrefix("HTTP/1.1 200 OK"))
        // Then nothing more is sent: the connection is closed once it has been idle long enough.
        let (_, closed) = try await busy.received(within: 10)
        #expect(closed)
    }
}
