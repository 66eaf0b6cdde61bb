import Foundation
import GWPlan
import GWProxy
import Testing

/// Slow clients, upstreams that die mid-stream, and the weighted split measured over the wire.
@Suite struct GatewaySlowAndBrokenPeersTests {
    @Test func aSlowlorisClientIsCutOffWhileOthersAreServed() async throws {
        let compiled = try GatewayTestSupport.compile(GatewayBadInputTests.program)
        let state = GatewayState()
        state.deploy(compiled.revision, id: compiled.id)
        let server = try await GatewayServer.start(
            host: "127.0.0.1", port: 0, state: state, configuration: GatewayConfiguration(headerTimeout: .seconds(1)))
        defer { Task { try? await server.stop() } }
        let slow = try await RawSocket.connect(port: server.port!)
        try await slow.send("POST /v1/chat/completions HTTP/1.1\r\n")
        // Keep trickling header bytes (well inside the deadline): an idle timeout alone would never fire.
        for index in 0..<2 {
            try await Task.sleep(for: .milliseconds(40))
            try? await slow.send("x-slow-\(index): 1\r\n")
        }
        let client = try await TestHTTPClient.connect(port: server.port!)
        let served = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(served.status == 200)
        let (_, closed) = try await slow.received(within: 10)
        #expect(closed, "the slow client should have been disconnected")
        await client.close()
    }

    @Test func anUpstreamDyingMidStreamCutsTheResponseAndNothingElse() async throws {
        let upstream = try await TruncatingServer.start()
        defer { Task { try? await upstream.stop() } }
        let (server, _) = try await GatewayTestSupport.serve("""
            gateway "t"
            provider dying {
              kind    = openai_compatible
              url     = "http://127.0.0.1:\(upstream.port)"
              timeout = 2s
            }
            provider m { kind = mock; latency = 0ms }
            route chat {
              match POST "/v1/chat/completions"
              else -> dying
            }
            route other {
              match POST "/v1/completions"
              else -> m
            }

            """)
        defer { Task { try? await server.stop() } }
        let client = try await TestHTTPClient.connect(port: server.port!)
        await #expect(throws: (any Error).self) {
            _ = try await client.request(.POST, "/v1/chat/completions", body: #"{"model":"m","stream":true}"#)
        }
        let fresh = try await TestHTTPClient.connect(port: server.port!)
        let other = try await fresh.request(.POST, "/v1/completions", body: GatewayTestSupport.chatBody)
        #expect(other.status == 200)
        await fresh.close()
    }

    @Test func weightsConvergeOverTheWire() async throws {
        let (server, _) = try await GatewayTestSupport.serve("""
            gateway "t"
            provider a { kind = mock; latency = 0ms; tokens = 1 }
            provider b { kind = mock; latency = 0ms; tokens = 1 }
            route chat {
              match POST "/v1/chat/completions"
              else -> a 70%, b 30%
            }

            """)
        defer { Task { try? await server.stop() } }
        let port = server.port!
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let client = try await TestHTTPClient.connect(port: port)
                    var toA = 0
                    for _ in 0..<2500 {
                        let response = try await client.request(.POST, "/v1/chat/completions", body: "{}")
                        if response.headers.first(name: "x-gwpipe-upstream") == "a" { toA += 1 }
                    }
                    await client.close()
                    return toA
                }
            }
            var total = 0
            for try await count in group { total += count }
            return total
        }
        let share = Double(counts) / 10_000
        #expect(abs(share - 0.7) <= 0.02, "share of a over 10k requests: \(share)")
    }
}
