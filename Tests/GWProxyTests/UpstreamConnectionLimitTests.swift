import Foundation
import NIOCore
import Testing

@testable import GWProxy

/// A provider's `max_connections`: the gateway never holds more connections to it, across all its
/// client connections and event loops; requests beyond wait their turn within their timeout.
@Suite struct UpstreamConnectionLimitTests {
    private static func program(upstreamPort: Int, maxConnections: Int, timeout: String, routeExtra: String = "") -> String {
        """
        gateway "t"
        provider local {
          kind = openai_compatible
          url = "http://127.0.0.1:\(upstreamPort)"
          max_connections = \(maxConnections)
          timeout = \(timeout)
        }
        route chat {
          match POST "/v1/chat/completions"
          else -> local
          \(routeExtra)
        }

        """
    }

    @Test func manyClientsShareAtMostMaxConnectionsToTheUpstream() async throws {
        let upstream = try await CountingUpstream.start(delay: .milliseconds(20))
        let (server, _) = try await GatewayTestSupport.serve(Self.program(upstreamPort: upstream.port, maxConnections: 2, timeout: "10s"))
        // Eight clients on connections of their own, three requests each, all at once.
        let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let client = try await TestHTTPClient.connect(port: server.port!)
                    defer { Task { await client.close() } }
                    var statuses: [Int] = []
                    for _ in 0..<3 {
                        statuses.append(try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody).status)
                    }
                    return statuses
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(statuses == Array(repeating: 200, count: 24))
        // The gateway opened at most two; the upstream answered at most two requests at once. (Its
        // own count of sockets may touch three for a moment: one the gateway closed to hand its
        // slot on is still closing there when the next opens.)
        let usage = server.upstreams.budget.usage("local http://127.0.0.1:\(upstream.port)")
        #expect(usage.peak == 2, "the gateway held \(usage.peak) connections at once (max_connections = 2)")
        #expect(upstream.current.peakInFlight <= 2, "the upstream answered \(upstream.current.peakInFlight) requests at once")
        #expect(usage.waiting == 0)
        // A connection that finishes an answer goes straight to a request waiting on its loop
        // rather than closing for it to open another: far fewer than one connection per request
        // (2 to 4 in practice; 24 when every hand-off closed and reopened).
        #expect(upstream.current.accepted <= 12, "\(upstream.current.accepted) connections opened for 24 requests")
        try await server.stop()
        try await upstream.stop()
    }

    @Test func idleConnectionsAreSharedByTheClientsOfALoop() async throws {
        let upstream = try await CountingUpstream.start(delay: .zero)
        let (server, _) = try await GatewayTestSupport.serve(Self.program(upstreamPort: upstream.port, maxConnections: 64, timeout: "10s"))
        // One client after another, each on a new connection: one upstream connection serves them
        // all per event loop, where a pool per client connection opened one each.
        for _ in 0..<6 {
            let client = try await TestHTTPClient.connect(port: server.port!)
            #expect(try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody).status == 200)
            await client.close()
        }
        let loops = ProcessInfo.processInfo.activeProcessorCount
        #expect(upstream.current.accepted <= loops, "\(upstream.current.accepted) upstream connections for 6 sequential clients")
        try await server.stop()
        try await upstream.stop()
    }

    @Test func aRequestWaitingForRoomTimesOutAndItsSlotIsNotLost() async throws {
        let upstream = try await CountingUpstream.start(delay: .milliseconds(400))
        // One connection; embeddings may take their time, chat has 200 ms, and a breaker that opens
        // at the first failure. Waiting for our own connection budget is no failure of the
        // provider, so the breaker stays closed.
        let (server, _) = try await GatewayTestSupport.serve("""
            gateway "t"
            provider local {
              kind = openai_compatible
              url = "http://127.0.0.1:\(upstream.port)"
              max_connections = 1
              timeout = 5s
            }
            route embeddings {
              match POST "/v1/embeddings"
              else -> local
            }
            route chat {
              match POST "/v1/chat/completions"
              timeout 200ms
              else -> local
              breaker open after 1 failures in 10s for 30s
            }

            """)
        let key = "local http://127.0.0.1:\(upstream.port)"
        let labels = "provider=\"local\",upstream=\"http://127.0.0.1:\(upstream.port)\""
        let first = try await TestHTTPClient.connect(port: server.port!)
        let second = try await TestHTTPClient.connect(port: server.port!)
        // The first takes the only connection for 400 ms; the second waits for it, and its 200 ms
        // run out while it waits: 504, like any upstream too slow to answer.
        async let firstAnswer = first.request(.POST, "/v1/embeddings", body: GatewayTestSupport.chatBody)
        try await Task.sleep(for: .milliseconds(50))
        let waited = try await second.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        #expect(try await firstAnswer.status == 200)
        #expect(waited.status == 504, "\(waited.body)")
        #expect(server.upstreams.budget.usage(key).peak == 1)
        #expect(upstream.current.peakInFlight == 1)
        #expect(upstream.current.accepted == 1, "the request that timed out waiting opened a connection")
        // Both slots came back, and the provider's breaker did not open (it would refuse every
        // route with 503): a third request is answered.
        let third = try await first.request(.POST, "/v1/embeddings", body: GatewayTestSupport.chatBody)
        #expect(third.status == 200)
        #expect(server.upstreams.budget.usage(key).open <= 1)
        #expect(server.upstreams.budget.usage(key).waiting == 0)
        // The wait is visible to whoever scrapes the gateway.
        let exposition = String(decoding: server.state.metrics.prometheusExposition(), as: UTF8.self)
        #expect(exposition.contains("gwpipe_upstream_connection_waits_total{\(labels)} 1"), "\(exposition)")
        #expect(exposition.contains("gwpipe_upstream_requests_waiting{\(labels)} 0"))
        #expect(exposition.contains("gwpipe_upstream_connections_open{\(labels)} 1"))
        await first.close()
        await second.close()
        try await server.stop()
        try await upstream.stop()
    }
}
