import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import GWProxy

/// Rate limits kept in a real Redis (`limits_store`): gateways sharing one store share each limit,
/// buckets hold no secret, and a store that is down or silent never costs a request.
@Suite(.serialized) struct SharedLimitTests {
    static let program = """
        gateway "t"
        provider main { kind = mock; latency = 0ms }
        keys teams { file = "keys.yaml" }
        route chat {
          match POST "/v1/chat/completions"
          auth teams
          limit 5 requests / 1m by key
          else -> main
        }

        """

    private let alpha = [("authorization", "Bearer key-alpha")]

    /// A gateway on a free port whose limits live where `configuration` says.
    private func serve(_ configuration: SharedLimitsConfiguration) async throws -> (GatewayServer, TestHTTPClient) {
        let compiled = try GatewayTestSupport.compile(Self.program, files: ["keys.yaml": GatewayTestSupport.keysFile])
        let state = GatewayState(sharedLimits: configuration)
        state.deploy(compiled.revision, id: compiled.id)
        let server = try await GatewayServer.start(host: "127.0.0.1", port: 0, state: state)
        return (server, try await TestHTTPClient.connect(port: server.port!))
    }

    private func chat(_ client: TestHTTPClient, key: String = "key-alpha") async throws -> TestHTTPClient.Response {
        try await client.request(
            .POST, "/v1/chat/completions", headers: [("authorization", "Bearer \(key)")], body: GatewayTestSupport.chatBody)
    }

    @Test(.enabled(if: RedisTestServer.isInstalled, RedisTestServer.notInstalled))
    func twoGatewaysShareOneLimit() async throws {
        let redis = try await RedisTestServer.start()
        defer { redis.stop() }
        let (first, firstClient) = try await serve(redis.configuration())
        let (second, secondClient) = try await serve(redis.configuration())
        defer { Task { await firstClient.close(); await secondClient.close(); try? await first.stop(); try? await second.stop() } }
        for _ in 0..<3 { #expect(try await chat(firstClient).status == 200) }
        for _ in 0..<2 { #expect(try await chat(secondClient).status == 200) }
        // Each gateway has seen at most three requests of its own; only a shared bucket is empty now.
        let limited = try await chat(secondClient)
        #expect(limited.status == 429)
        #expect(Int(limited.headers.first(name: "retry-after") ?? "") ?? 0 >= 1)
        #expect(try await chat(firstClient).status == 429)
        #expect(try await chat(firstClient, key: "key-beta").status == 200, "limits are per key")
        #expect(first.state.sharedLimits?.outage.uncheckedRequests == 0)
    }

    @Test(.enabled(if: RedisTestServer.isInstalled, RedisTestServer.notInstalled))
    func tokenChargesFromUsageAreShared() async throws {
        // As in `TokenLimitTests`: each answer reports about 105 tokens, so a 250-token budget admits
        // two or three answers in all, whichever gateway served them.
        let redis = try await RedisTestServer.start()
        defer { redis.stop() }
        let compiled = try GatewayTestSupport.compile(TokenLimitTests.program)
        var servers: [GatewayServer] = []
        var clients: [TestHTTPClient] = []
        for _ in 0..<2 {
            let state = GatewayState(sharedLimits: redis.configuration())
            state.deploy(compiled.revision, id: compiled.id)
            let server = try await GatewayServer.start(host: "127.0.0.1", port: 0, state: state)
            servers.append(server)
            clients.append(try await TestHTTPClient.connect(port: server.port!))
        }
        defer {
            Task { [servers, clients] in
                for client in clients { await client.close() }
                for server in servers { try? await server.stop() }
            }
        }
        var admitted = 0
        for index in 0..<10 {
            let response = try await clients[index % 2].request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
            if response.status == 200 { admitted += 1 } else { #expect(response.status == 429) }
        }
        #expect(admitted >= 2 && admitted <= 3, "admitted \(admitted)")
        #expect(servers.allSatisfy { $0.state.sharedLimits?.outage.uncheckedRequests == 0 })
    }

    @Test(.enabled(if: RedisTestServer.isInstalled, RedisTestServer.notInstalled))
    func bucketsAreNamedByDigestAndExpire() async throws {
        let redis = try await RedisTestServer.start()
        defer { redis.stop() }
        let (server, client) = try await serve(redis.configuration())
        defer { Task { await client.close(); try? await server.stop() } }
        #expect(try await chat(client).status == 200)
        guard case .array(let keys?) = try await redis.command(["KEYS", "*"]) else {
            Issue.record("KEYS did not answer a list")
            return
        }
        let names = keys.compactMap(\.text)
        #expect(names == ["gwpipe:limit:chat#0#\(GatewayTestSupport.sha256("key-alpha"))"])
        #expect(!names.contains { $0.contains("key-alpha") }, "a raw key reached Redis: \(names)")
        // Two windows of a 1m limit: an idle bucket vanishes after two minutes.
        guard case .integer(let ttl) = try await redis.command(["PTTL", names.first ?? ""]) else {
            Issue.record("PTTL did not answer a number")
            return
        }
        #expect(ttl > 110_000 && ttl <= 120_000, "ttl \(ttl) ms")
    }

    @Test(.enabled(if: RedisTestServer.isInstalled, RedisTestServer.notInstalled))
    func scriptsRefillAndChargeAtomically() async throws {
        let redis = try await RedisTestServer.start()
        defer { redis.stop() }
        let store = RedisLimitStore(configuration: redis.configuration())
        defer { store.shutDown() }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let take = LimitTake(bucket: "r#0#ip:127.0.0.1", cost: 1, capacity: 5, windowSeconds: 60)
        func verdict(_ takes: [LimitTake]) async throws -> LimitVerdict {
            try await loop.flatSubmit { store.take(takes, on: loop) }.get()
        }
        for _ in 0..<5 { #expect(try await verdict([take]) == .admitted) }
        // One token comes back every 12 s (5 per minute).
        guard case .refused(0, let wait) = try await verdict([take]) else {
            Issue.record("the sixth take was not refused")
            return
        }
        #expect(wait > 11 && wait <= 12.01, "wait \(wait)")
        // A request with two limits is refused by the one that cannot pay, and names it.
        let other = LimitTake(bucket: "r#1#ip:127.0.0.1", cost: 1, capacity: 100, windowSeconds: 60)
        guard case .refused(1, _) = try await verdict([other, take]) else {
            Issue.record("the second limit did not refuse")
            return
        }
        // A Redis that forgot its scripts (restart, SCRIPT FLUSH) is sent the source again.
        _ = try await redis.command(["SCRIPT", "FLUSH"])
        let tokens = LimitTake(bucket: "r#2#ip:127.0.0.1", cost: 10, capacity: 100, windowSeconds: 60)
        #expect(try await verdict([tokens]) == .admitted)
        // A charge after the fact may drive the bucket below zero: then a cost of 1 waits.
        let overcharge = LimitTake(bucket: tokens.bucket, cost: 150, capacity: 100, windowSeconds: 60)
        try await loop.flatSubmit { store.charge(overcharge, on: loop) }.get()
        guard case .refused(0, let tokenWait) = try await verdict([LimitTake(bucket: tokens.bucket, cost: 1, capacity: 100, windowSeconds: 60)]) else {
            Issue.record("the overcharged bucket admitted a request")
            return
        }
        #expect(tokenWait > 30, "wait \(tokenWait): 60 tokens short at 100 per minute is ~36 s")
        #expect(store.outage.uncheckedRequests == 0)
    }

    @Test(.enabled(if: RedisTestServer.isInstalled, RedisTestServer.notInstalled))
    func aStoreThatGoesDownCostsNoRequest() async throws {
        let redis = try await RedisTestServer.start()
        let warnings = NIOLockedValueBox<[String]>([])
        let (server, client) = try await serve(redis.configuration(warn: { message in warnings.withLockedValue { $0.append(message) } }))
        defer { Task { await client.close(); try? await server.stop() } }
        #expect(try await chat(client).status == 200)
        redis.stop()
        // Well past the limit of 5: every request is served, unchecked.
        for _ in 0..<8 { #expect(try await chat(client).status == 200) }
        let unchecked = server.state.sharedLimits?.outage.uncheckedRequests ?? 0
        #expect(unchecked == 8)
        let logged = warnings.withLockedValue { $0 }
        #expect(logged.count == 1, "one warning per 10 s, got \(logged)")
        #expect(logged.first?.contains("redis://127.0.0.1:\(redis.port)/0") == true)
        #expect(logged.first?.contains("key-alpha") == false)
        let metrics = try await client.request(.GET, "/metrics")
        #expect(metrics.body.contains("gwpipe_limit_checks_unchecked_total 8"), "\(metrics.body.prefix(2000))")
    }

    @Test(.enabled(if: RedisTestServer.isInstalled, RedisTestServer.notInstalled))
    func checksResumeWhenTheStoreIsBack() async throws {
        let redis = try await RedisTestServer.start()
        // No pause between connection attempts, so the test need not wait out the usual second.
        let (server, client) = try await serve(redis.configuration(reconnectDelay: .zero))
        defer { Task { await client.close(); try? await server.stop() } }
        #expect(try await chat(client).status == 200)
        redis.stop()
        #expect(try await chat(client).status == 200)
        #expect(server.state.sharedLimits?.outage.uncheckedRequests == 1)
        let restarted = try await RedisTestServer.start(port: redis.port)
        defer { restarted.stop() }
        // A fresh Redis has empty buckets: five are admitted and counted, the sixth is refused.
        for _ in 0..<5 { #expect(try await chat(client).status == 200) }
        #expect(try await chat(client).status == 429)
        #expect(server.state.sharedLimits?.outage.uncheckedRequests == 1)
    }

    @Test func aStoreThatNeverListenedCostsNoRequest() async throws {
        let port = try await RedisTestServer.freePort()
        let (server, client) = try await serve(SharedLimitsConfiguration(host: "127.0.0.1", port: port, warn: { _ in }))
        defer { Task { await client.close(); try? await server.stop() } }
        for _ in 0..<7 { #expect(try await chat(client).status == 200) }
        #expect(server.state.sharedLimits?.outage.uncheckedRequests == 7)
    }

    @Test func aSilentStoreTimesOutAndCostsNoRequest() async throws {
        // Accepts connections and reads commands, never answers: a Redis that hangs.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let configuration = SharedLimitsConfiguration(
            host: "127.0.0.1", port: silent.localAddress!.port!, timeout: .milliseconds(50), warn: { _ in })
        let (server, client) = try await serve(configuration)
        defer { Task { await client.close(); try? await server.stop() } }
        for _ in 0..<3 { #expect(try await chat(client).status == 200) }
        #expect(server.state.sharedLimits?.outage.uncheckedRequests == 3)
    }
}
