import Foundation
import GWPlan
import NIOHTTP1
import Testing

@testable import GWProxy

/// Retries, fallbacks, timeouts, breakers, streaming and revision switches under load, on real sockets.
@Suite struct GatewayResilienceTests {
    private func serve(_ text: String) async throws -> (GatewayServer, GatewayState, TestHTTPClient) {
        let (server, state) = try await GatewayTestSupport.serve(text)
        return (server, state, try await TestHTTPClient.connect(port: server.port!))
    }

    @Test func fallsBackWhenTheChosenProviderFails() async throws {
        let (server, _, client) = try await serve("""
            gateway "t"
            provider broken { kind = mock; latency = 0ms; errors = 100%; error_status = 503 }
            provider healthy { kind = mock; latency = 0ms }
            route chat {
              match POST "/v1/chat/completions"
              else -> broken
              retry 2 on 5xx backoff 1ms..2ms
              fallback healthy on 5xx
            }

            """)
        defer { Task { await client.close(); try? await server.stop() } }
        let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(response.status == 200)
        #expect(response.headers.first(name: "x-gwpipe-upstream") == "healthy")
    }

    @Test func withoutAlternativesTheUpstreamErrorPassesThrough() async throws {
        let (server, _, client) = try await serve("""
            gateway "t"
            provider broken { kind = mock; latency = 0ms; errors = 100%; error_status = 500 }
            route chat {
              match POST "/v1/chat/completions"
              else -> broken
            }

            """)
        defer { Task { await client.close(); try? await server.stop() } }
        let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(response.status == 500)
        #expect(response.body.contains("failed on purpose"))
    }

    @Test func aHungUpstreamTimesOutWith504() async throws {
        let (server, _, client) = try await serve("""
            gateway "t"
            provider stuck { kind = mock; hang = 100%; timeout = 150ms }
            route chat {
              match POST "/v1/chat/completions"
              else -> stuck
            }

            """)
        defer { Task { await client.close(); try? await server.stop() } }
        let started = Date()
        let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(response.status == 504)
        #expect(response.body.contains("upstream_timeout"))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func theBreakerOpensAfterRepeatedFailures() async throws {
        let (server, _, client) = try await serve("""
            gateway "t"
            provider flaky { kind = mock; latency = 0ms; errors = 100%; error_status = 502 }
            provider backup { kind = mock; latency = 0ms }
            route chat {
              match POST "/v1/chat/completions"
              else -> flaky
              fallback backup on 5xx
              breaker open after 2 failures in 10s for 30s
            }

            """)
        defer { Task { await client.close(); try? await server.stop() } }
        for _ in 0..<2 {
            let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
            #expect(response.headers.first(name: "x-gwpipe-upstream") == "backup")
        }
        // Open now: `flaky` is skipped without being tried, so no failure is recorded against it.
        let skipped = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(skipped.status == 200)
        #expect(skipped.headers.first(name: "x-gwpipe-upstream") == "backup")
    }

    @Test func anOpenBreakerWithNothingLeftAnswers503() async throws {
        let (server, _, client) = try await serve("""
            gateway "t"
            provider flaky { kind = mock; latency = 0ms; errors = 100%; error_status = 500 }
            route chat {
              match POST "/v1/chat/completions"
              else -> flaky
              breaker open after 1 failures in 10s for 30s
            }

            """)
        defer { Task { await client.close(); try? await server.stop() } }
        let first = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(first.status == 500)
        let second = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(second.status == 503)
        #expect(second.body.contains("circuit breaker"))
    }

    @Test func streamsArriveChunkByChunk() async throws {
        let (server, _, client) = try await serve("""
            gateway "t"
            provider slow { kind = mock; latency = 600ms; ttft = 20ms; stream = true; tokens = 10 }
            route chat {
              match POST "/v1/chat/completions"
              else -> slow
            }

            """)
        defer { Task { await client.close(); try? await server.stop() } }
        let response = try await client.request(
            .POST, "/v1/chat/completions", body: #"{"model":"m","stream":true,"messages":[]}"#)
        #expect(response.status == 200)
        #expect(response.headers.first(name: "content-type") == "text/event-stream")
        #expect(response.body.hasSuffix("data: [DONE]\n\n"))
        #expect(response.chunks.count >= 5)
        // The first token arrives long before the upstream finishes: nothing is buffered whole.
        let first = try #require(response.chunkTimes.first)
        let last = try #require(response.chunkTimes.last)
        #expect(last - first > 0.3, "first \(first)s, last \(last)s")
    }

    @Test func anthropicStreamsAreWellFormed() async throws {
        let (server, _, client) = try await serve("""
            gateway "t"
            provider claude { kind = mock; latency = 10ms; tokens = 4 }
            route messages {
              match POST "/v1/messages"
              else -> claude
            }

            """)
        defer { Task { await client.close(); try? await server.stop() } }
        let response = try await client.request(.POST, "/v1/messages", body: #"{"model":"claude-3-5-haiku","stream":true,"max_tokens":10,"messages":[]}"#)
        #expect(response.body.hasPrefix("event: message_start\n"))
        #expect(response.body.contains("event: content_block_delta"))
        #expect(response.body.hasSuffix("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
    }

    @Test func switchingRevisionsUnderLoadLosesNoRequest() async throws {
        let text = """
            gateway "t"
            provider a { kind = mock; latency = 0ms..2ms }
            route chat {
              match POST "/v1/chat/completions"
              else -> a
            }

            """
        let (server, state, client) = try await serve(text)
        defer { Task { await client.close(); try? await server.stop() } }
        let canary = try GatewayTestSupport.compile(text.replacingOccurrences(of: "0ms..2ms", with: "1ms..2ms"))
        let port = server.port!
        let load = Task { () -> (ok: Int, failed: Int) in
            var ok = 0
            var failed = 0
            let clients = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let connection = try await TestHTTPClient.connect(port: port)
                        var good = 0
                        var bad = 0
                        for _ in 0..<150 {
                            let response = try await connection.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
                            if response.status == 200 { good += 1 } else { bad += 1 }
                        }
                        await connection.close()
                        return (good, bad)
                    }
                }
                var totals = [(Int, Int)]()
                for try await result in group { totals.append(result) }
                return totals
            }
            for (good, bad) in clients {
                ok += good
                failed += bad
            }
            return (ok, failed)
        }
        for round in 0..<100 {
            state.setCanary(canary.revision, id: canary.id, weight: Double(round % 100))
            if round % 3 == 0 { state.promote() } else if round % 3 == 1 { state.rollback() }
            try await Task.sleep(for: .milliseconds(2))
        }
        let result = try await load.value
        #expect(result.failed == 0)
        #expect(result.ok == 600)
    }

    @Test func canarySlotIsStickyPerCaller() throws {
        let compiled = try GatewayTestSupport.compile("gateway \"t\"\nprovider a { kind = mock }\nroute r {\n  match GET \"/x\"\n  else -> a\n}\n")
        let state = GatewayState()
        state.deploy(compiled.revision, id: "stable")
        state.setCanary(compiled.revision, id: "canary", weight: 30)
        var canaryCallers = 0
        for caller in 0..<2000 {
            let key = "caller-\(caller)"
            let first = state.revision(stickyKey: key)?.slot
            for _ in 0..<3 { #expect(state.revision(stickyKey: key)?.slot == first) }
            if first == "canary" { canaryCallers += 1 }
        }
        #expect(abs(Double(canaryCallers) / 2000 - 0.3) < 0.05)
        // Raising the weight keeps every earlier canary caller on the canary.
        let before = (0..<2000).filter { state.revision(stickyKey: "caller-\($0)")?.slot == "canary" }
        state.setCanaryWeight(60)
        #expect(before.allSatisfy { state.revision(stickyKey: "caller-\($0)")?.slot == "canary" })
    }

    @Test func proxiesToHTTPUpstreamsWithRetryAndFallback() async throws {
        let healthy = try await MockServer.start(
            host: "127.0.0.1", port: 0,
            behavior: MockBehavior(latencyMs: [0, 1], ttftMs: nil, errorPercent: 0, errorsAfterMs: nil, errorStatus: 500,
                                   hangPercent: 0, stream: true, tokens: [5, 5]), name: "healthy")
        let failing = try await MockServer.start(
            host: "127.0.0.1", port: 0,
            behavior: MockBehavior(latencyMs: [0, 1], ttftMs: nil, errorPercent: 100, errorsAfterMs: nil, errorStatus: 503,
                                   hangPercent: 0, stream: true, tokens: [5, 5]), name: "failing")
        let (server, _, client) = try await serve("""
            gateway "t"
            secret upstream_key = env("UPSTREAM_KEY")
            provider primary {
              kind = openai_compatible
              url  = "http://127.0.0.1:\(failing.port!)"
              key  = upstream_key
            }
            provider secondary {
              kind = openai_compatible
              url  = "http://127.0.0.1:\(healthy.port!)/prefix"
            }
            provider nowhere {
              kind    = openai_compatible
              url     = "http://127.0.0.1:1"
              timeout = 1s
            }
            route chat {
              match POST "/v1/chat/completions"
              else -> primary
              retry 1 on 5xx backoff 1ms..2ms
              fallback secondary on 5xx
            }
            route down {
              match POST "/v1/completions"
              else -> nowhere
              fallback secondary on connect_error
            }

            """)
        defer {
            Task {
                await client.close()
                try? await server.stop()
                try? await healthy.stop()
                try? await failing.stop()
            }
        }
        let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(response.status == 200)
        #expect(response.headers.first(name: "x-gwpipe-upstream") == "secondary")
        #expect(response.headers.first(name: "x-gwpipe-mock") == "healthy")
        let stream = try await client.request(.POST, "/v1/chat/completions", body: #"{"model":"m","stream":true}"#)
        #expect(stream.body.hasSuffix("data: [DONE]\n\n"))
        let refused = try await client.request(.POST, "/v1/completions", body: GatewayTestSupport.chatBody)
        #expect(refused.status == 200)
        #expect(refused.headers.first(name: "x-gwpipe-upstream") == "secondary")
        // Keep-alive upstream connections are reused: many requests on one client connection all succeed.
        for _ in 0..<50 {
            let again = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
            #expect(again.status == 200)
        }
    }
}
