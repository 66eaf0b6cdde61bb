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

    /// `clients` clients on connections of their own, three requests each, all at once; the
    /// statuses of all their requests.
    private static func crowd(_ server: GatewayServer, clients: Int = 8) async throws -> [Int] {
        try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<clients {
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
    }

    @Test func manyClientsShareAtMostMaxConnectionsToTheUpstream() async throws {
        let upstream = try await CountingUpstream.start(delay: .milliseconds(20))
        let (server, _) = try await GatewayTestSupport.serve(Self.program(upstreamPort: upstream.port, maxConnections: 2, timeout: "10s"))
        let statuses = try await Self.crowd(server)
        #expect(statuses == Array(repeating: 200, count: 24))
        // The gateway opened at most two at once, across its event loops; the upstream answered at
        // most two requests at once. (Its own count of sockets may touch three for a moment: one
        // the gateway closed to hand its slot to another loop is still closing there when the
        // next opens.)
        let usage = server.upstreams.budget.usage("local http://127.0.0.1:\(upstream.port)")
        #expect(usage.peak == 2, "the gateway held \(usage.peak) connections at once (max_connections = 2)")
        #expect(upstream.current.peakInFlight <= 2, "the upstream answered \(upstream.current.peakInFlight) requests at once")
        #expect(usage.waiting == 0)
        // A slot handed to another loop costs a new connection, at most one per request. How many
        // hand-offs cross loops depends on timing (on a loaded machine most of them); the test on
        // one loop below shows the hand-off that needs none.
        #expect(upstream.current.accepted <= 24, "\(upstream.current.accepted) connections opened for 24 requests")
        try await server.stop()
        try await upstream.stop()
    }

    @Test func aConnectionThatFinishesGoesStraightToARequestWaitingOnItsLoop() async throws {
        let upstream = try await CountingUpstream.start(delay: .milliseconds(20))
        let (server, _) = try await GatewayTestSupport.serve(
            Self.program(upstreamPort: upstream.port, maxConnections: 2, timeout: "10s"), threads: 1)
        let statuses = try await Self.crowd(server)
        #expect(statuses == Array(repeating: 200, count: 24))
        // Every waiter is on the connection's loop: each finished answer hands the connection over
        // whole, so the two connections of the limit served all 24 requests (24 when every
        // hand-off closed and reopened).
        #expect(upstream.current.accepted <= 2, "\(upstream.current.accepted) connections opened for 24 requests")
        #expect(server.upstreams.budget.usage("local http://127.0.0.1:\(upstream.port)").peak <= 2)
        try await server.stop()
        try await upstream.stop()
    }

    @Test func aLoweredLimitHoldsUnderTraffic() async throws {
        let upstream = try await CountingUpstream.start(delay: .milliseconds(50))
        let (server, state) = try await GatewayTestSupport.serve(
            Self.program(upstreamPort: upstream.port, maxConnections: 4, timeout: "10s"), threads: 1)
        // Four clients at once open the four connections the limit allows.
        #expect(try await Self.crowd(server, clients: 4) == Array(repeating: 200, count: 12))
        // More than the new limit are open (four unless the machine is too busy for the clients
        // to overlap), idle now in the loop's pool.
        try #require(upstream.current.open >= 2, "the clients never overlapped: nothing to close")
        // A new revision allows one: the idle ones beyond it close at once, and traffic after it
        // never has more than one in flight, though four connections were idle in the pool.
        let lowered = try GatewayTestSupport.compile(Self.program(upstreamPort: upstream.port, maxConnections: 1, timeout: "10s"))
        state.deploy(lowered.revision, id: lowered.id)
        let deadline = ContinuousClock.now + .seconds(5)
        while upstream.current.open > 1, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(upstream.current.open <= 1, "\(upstream.current.open) connections still open under a limit of 1")
        upstream.resetPeaks()
        #expect(try await Self.crowd(server, clients: 4) == Array(repeating: 200, count: 12))
        #expect(upstream.current.peakInFlight <= 1, "\(upstream.current.peakInFlight) requests at once under a limit of 1")
        #expect(server.upstreams.budget.usage("local http://127.0.0.1:\(upstream.port)").open <= 1)
        try await server.stop()
        try await upstream.stop()
    }

    @Test func anUpstreamNoLiveRevisionNamesIsForgotten() async throws {
        let old = try await CountingUpstream.start(delay: .zero)
        let new = try await CountingUpstream.start(delay: .zero)
        let (server, state) = try await GatewayTestSupport.serve(
            Self.program(upstreamPort: old.port, maxConnections: 4, timeout: "10s"), threads: 1)
        let client = try await TestHTTPClient.connect(port: server.port!)
        #expect(try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody).status == 200)
        let oldKey = "local http://127.0.0.1:\(old.port)"
        #expect(server.upstreams.budget.usage(oldKey).open == 1)
        // The provider moves: its idle connection to the old address closes, and the budget and
        // `/metrics` forget the address instead of keeping it for the life of the process.
        let moved = try GatewayTestSupport.compile(Self.program(upstreamPort: new.port, maxConnections: 4, timeout: "10s"))
        state.deploy(moved.revision, id: moved.id)
        let deadline = ContinuousClock.now + .seconds(5)
        while server.upstreams.budget.usage(oldKey).peak > 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(server.upstreams.budget.usage(oldKey) == (open: 0, peak: 0, waiting: 0))
        #expect(try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody).status == 200)
        #expect(new.current.accepted == 1)
        let exposition = String(decoding: server.state.metrics.prometheusExposition(), as: UTF8.self)
        #expect(!exposition.contains("upstream=\"http://127.0.0.1:\(old.port)\""), "\(exposition)")
        #expect(exposition.contains("gwpipe_upstream_connections_open{provider=\"local\",upstream=\"http://127.0.0.1:\(new.port)\"} 1"))
        await client.close()
        try await server.stop()
        try await old.stop()
        try await new.stop()
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
        // The second goes once the first holds the connection (a fixed pause was not always
        // enough on a busy machine, and then the two swapped roles).
        let deadline = ContinuousClock.now + .seconds(5)
        while upstream.current.inFlight == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
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
