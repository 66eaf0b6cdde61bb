import Foundation
import GWPlan
import NIOConcurrencyHelpers
import NIOHTTP1
import Testing

@testable import GWProxy

/// Request metrics: the one-second ring and its windows, percentiles, error arithmetic, usage
/// scanning, flag sides, and the whole path through a real gateway to `GET /metrics`.
@Suite struct MetricsTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let value: NIOLockedValueBox<Double>
        init(_ start: Double) { value = NIOLockedValueBox(start) }
        var now: Double {
            get { value.withLockedValue { $0 } }
            set { value.withLockedValue { $0 = newValue } }
        }
        var read: GatewayMetrics.Clock { { [value] in value.withLockedValue { $0 } } }
    }

    private func sample(
        _ status: Int = 200, slot: String = "stable", revision: String = "r1", route: String = "chat",
        upstream: String = "a",
        latencyMs: Double? = 10, ttftMs: Double? = nil, tokens: Int = 0, cost: Double = 0, cutShort: Bool = false,
        flags: [(name: String, on: Bool)] = []
    ) -> RequestSample {
        RequestSample(
            revision: revision, slot: slot, route: route, upstream: upstream, status: status, cutShort: cutShort,
            latencyMicros: latencyMs.map { UInt64($0 * 1000) }, ttftMicros: ttftMs.map { UInt64($0 * 1000) },
            tokens: tokens, cost: cost, flags: flags)
    }

    // MARK: The ring

    @Test func windowsMergeExactlyTheBucketsTheyCover() {
        let clock = ManualClock(100.2)
        let metrics = GatewayMetrics(retentionSeconds: 900, clock: clock.read)
        for (second, count) in [(100.2, 1), (101.5, 2), (105.0, 4), (110.9, 8)] {
            clock.now = second
            for _ in 0..<count { metrics.record(sample()) }
        }
        clock.now = 110.5
        #expect(metrics.window(last: 1).requests == 8)
        #expect(metrics.window(last: 5).requests == 8)  // 106...110
        #expect(metrics.window(last: 6).requests == 12)  // 105...110
        #expect(metrics.window(last: .seconds(10)).requests == 14)  // 101...110
        #expect(metrics.window(last: 60).requests == 15)
        #expect(metrics.window(since: 101.7).requests == 14)
        #expect(metrics.window(since: 106).requests == 8)
        // The window covers 100.2 (when the metrics began) to 110.5, not the 60 s asked for.
        let all = metrics.window(last: 60)
        #expect(abs(all.windowSeconds - 10.3) < 1e-9)
        #expect(abs(all.rps - 15 / 10.3) < 1e-9)
    }

    @Test func windowsFilterBySlotRevisionAndRoute() {
        let clock = ManualClock(50)
        let metrics = GatewayMetrics(clock: clock.read)
        metrics.record(sample(slot: "stable", revision: "r1", route: "chat"))
        metrics.record(sample(slot: "stable", revision: "r1", route: "embed"))
        metrics.record(sample(slot: "canary", revision: "r2", route: "chat"))
        metrics.record(sample(slot: "canary", revision: "r2", route: "chat", upstream: "b"))
        #expect(metrics.window(last: 10).requests == 4)
        #expect(metrics.window(last: 10, slot: "stable").requests == 2)
        #expect(metrics.window(last: 10, slot: "canary").requests == 2)
        #expect(metrics.window(last: 10, revision: "r1", route: "embed").requests == 1)
        #expect(metrics.window(last: 10, route: "chat").requests == 3)
        #expect(metrics.window(last: 10, slot: "canary", revision: "r1").requests == 0)
        #expect(metrics.window(last: 10, slot: "canary").upstreamRequests == ["a": 1, "b": 1])
    }

    @Test func oldBucketsExpireAndReusedSlotsDoNotLeak() {
        let clock = ManualClock(100)
        let metrics = GatewayMetrics(retentionSeconds: 10, clock: clock.read)
        metrics.record(sample())
        clock.now = 101
        metrics.record(sample())
        metrics.record(sample())
        clock.now = 109.5
        #expect(metrics.window(last: 10).requests == 3)
        clock.now = 110.5
        #expect(metrics.window(last: 10).requests == 2)  // second 100 is out
        #expect(metrics.window(last: 600).requests == 2)  // no further back than the retention
        #expect(metrics.window(since: 0).requests == 2)
        clock.now = 111.2
        metrics.record(sample(500))
        clock.now = 111.9
        let window = metrics.window(last: 10)
        #expect(window.requests == 1)
        #expect(window.errors == 1)
        // Moving on to 112 stores second 111 in the slot second 101 used; windows see 111 and 112 only.
        clock.now = 112.1
        metrics.record(sample())
        #expect(metrics.window(last: 10).requests == 2)
        #expect(metrics.window(since: 0).requests == 2)
        clock.now = 125
        #expect(metrics.window(last: 10).requests == 0)
        #expect(metrics.window(last: 10).errorRate == 0)
    }

    @Test func percentilesComeFromTheMergedHistograms() {
        let clock = ManualClock(0)
        let metrics = GatewayMetrics(clock: clock.read)
        // 1 ms ... 1000 ms spread over ten seconds: merging buckets must give the same answer as one histogram.
        for second in 0..<10 {
            clock.now = Double(second)
            for latency in stride(from: second == 0 ? 10 : second, through: 1000, by: 10) {
                metrics.record(sample(latencyMs: Double(latency), ttftMs: Double(latency) / 10))
            }
        }
        clock.now = 9.5
        let window = metrics.window(last: 10)
        #expect(window.requests == 1000)
        // HdrHistogram with 3 significant digits: within 0.1%.
        #expect(abs(window.p50Latency - 500) <= 0.5)
        #expect(abs(window.p95Latency - 950) <= 1)
        #expect(abs(window.p99Latency - 990) <= 1)
        #expect(abs(window.ttftP95 - 95) <= 0.1)
        #expect(abs(window.ttftP50 - 50) <= 0.05)
        // One second alone holds only its own latencies (10, 20, ... 1000 ms).
        let first = metrics.window(since: 0, slot: nil)
        #expect(first.requests == 1000)
        clock.now = 0.5
        let only = metrics.window(last: 1)
        #expect(only.requests == 100)
        #expect(abs(only.p50Latency - 500) <= 0.5)
        #expect(only.p99Latency >= 990 && only.p99Latency <= 991)
    }

    @Test func answersWithoutLatencyDoNotDragPercentilesDown() {
        let metrics = GatewayMetrics(clock: ManualClock(5).read)
        for _ in 0..<10 { metrics.record(sample(latencyMs: 200)) }
        for _ in 0..<90 { metrics.record(sample(401, upstream: "", latencyMs: nil)) }
        let window = metrics.window(last: 10)
        #expect(window.requests == 100)
        #expect(window.clientErrors == 90)
        #expect(abs(window.p50Latency - 200) <= 0.2)
    }

    @Test func errorRateArithmetic() {
        let metrics = GatewayMetrics(clock: ManualClock(7).read)
        for _ in 0..<4 { metrics.record(sample(200, tokens: 30, cost: 0.06)) }
        metrics.record(sample(500))
        metrics.record(sample(504, upstream: "b"))
        metrics.record(sample(200, upstream: "b", cutShort: true))
        metrics.record(sample(404, upstream: "", latencyMs: nil))
        metrics.record(sample(429, upstream: "", latencyMs: nil))
        metrics.record(sample(503, upstream: "", latencyMs: nil))
        let window = metrics.window(last: 10)
        #expect(window.requests == 10)
        #expect(window.errors == 4)  // 500, 504, the stream cut short, the gateway's 503
        #expect(window.clientErrors == 2)
        #expect(window.errorRate == 40)
        #expect(window.tokens == 120)
        #expect(abs(window.cost - 0.24) < 1e-9)
        #expect(window.upstreamErrors == ["a": 20, "b": 100])
        #expect(window.upstreamRequests == ["a": 5, "b": 2])
        #expect(window.value(of: "error_rate") == 40)
        #expect(window.value(of: "upstream_errors", argument: "a") == 20)
        #expect(window.value(of: "upstream_errors", argument: "never-seen") == 0)
        #expect(window.value(of: "tokens") == 120)
        #expect(window.value(of: "p99_latency") == window.p99Latency)
        #expect(window.value(of: "no_such_metric") == nil)
        let json = try? JSONDecoder().decode(MetricsSnapshot.self, from: JSONEncoder().encode(window))
        #expect(json == window)
    }

    @Test func flagSidesAreKeptApart() {
        let clock = ManualClock(20)
        let metrics = GatewayMetrics(clock: clock.read)
        for index in 0..<10 {
            let on = index < 4
            let flags = [(name: "new_router", on: on), (name: "other", on: true)]
            metrics.record(sample(on ? 500 : 200, latencyMs: on ? 300 : 100, flags: flags))
        }
        let on = metrics.flagWindow(flag: "new_router", side: .on, last: 10)
        let off = metrics.flagWindow(flag: "new_router", side: .off, last: .seconds(10))
        #expect(on.requests == 4)
        #expect(on.errorRate == 100)
        #expect(abs(on.p50Latency - 300) <= 0.3)
        #expect(off.requests == 6)
        #expect(off.errorRate == 0)
        #expect(abs(off.p50Latency - 100) <= 0.1)
        #expect(metrics.flagWindow(flag: "other", side: .on, last: 10).requests == 10)
        #expect(metrics.flagWindow(flag: "other", side: .off, last: 10).requests == 0)
        #expect(metrics.flagWindow(flag: "new_router", side: .on, since: 0).upstreamErrors == ["a": 100])
    }

    @Test func idleSeriesArePrunedFromPrometheusToo() {
        let clock = ManualClock(100)
        let metrics = GatewayMetrics(retentionSeconds: 10, clock: clock.read)
        metrics.record(sample(revision: "old-revision"))
        #expect(String(decoding: metrics.prometheusExposition(), as: UTF8.self).contains("old-revision"))
        clock.now = 200
        metrics.record(sample(revision: "new-revision"))
        let text = String(decoding: metrics.prometheusExposition(), as: UTF8.self)
        #expect(!text.contains("old-revision"))
        #expect(text.contains("new-revision"))
    }

    // MARK: Usage

    private func tokens(_ chunks: [String], budget: Int = .max) -> Int {
        var scanner = UsageScanner(budget: budget)
        for chunk in chunks { scanner.feed(Array(chunk.utf8)) }
        return scanner.tokens
    }

    @Test func usageIsReadFromOpenAIAndAnthropicBodies() {
        let openAI = #"{"id":"x","choices":[{"message":{"content":"the \"usage\": {\"total_tokens\": 999}"}}],"usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18,"prompt_tokens_details":{"cached_tokens":5}}}"#
        #expect(tokens([openAI]) == 18)
        #expect(tokens(openAI.map { String($0) }) == 18)  // split at every byte
        #expect(tokens([#"{"usage":{"prompt_tokens":11,"completion_tokens":7}}"#]) == 18)
        let pretty = "{\n  \"usage\" : {\n    \"prompt_tokens\" : 3,\n    \"total_tokens\" : 12\n  }\n}\n"
        #expect(tokens([pretty]) == 12)
        let anthropic = #"{"type":"message","content":[{"type":"text","text":"usage"}],"usage":{"input_tokens":25,"output_tokens":40}}"#
        #expect(tokens([anthropic]) == 65)
        #expect(tokens([anthropic], budget: 0) == 0)
        // A long body (the fast skip path) cut into two chunks at every position, `"usage"` included.
        let text = String(repeating: #"words \"quoted\" u "#, count: 8)
        let long = #"{"content":[{"type":"text","text":""# + text + #""}],"usage":{"input_tokens":25,"output_tokens":40}}"#
        for cut in 0...long.utf8.count {
            let bytes = Array(long.utf8)
            var scanner = UsageScanner(budget: .max)
            scanner.feed(Array(bytes[..<cut]))
            scanner.feed(Array(bytes[cut...]))
            #expect(scanner.tokens == 65, "cut at \(cut)")
        }
        #expect(tokens([#"{"object":"list","data":[]}"#]) == 0)
        #expect(tokens([#"{"usage":null,"x":{"total_tokens":5}}"#]) == 0)
    }

    @Test func usageIsReadFromStreams() {
        let openAI = [
            "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}],\"usage\":null}\n\n",
            "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"comp", "letion_tokens\":6,\"total_tokens\":10}}\n\n",
            "data: [DONE]\n\n",
        ]
        #expect(tokens(openAI) == 10)
        let anthropic = [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n",
            "event: content_block_delta\ndata: {\"delta\":{\"text\":\"a\"}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":30}}\n\n",
        ]
        #expect(tokens(anthropic) == 42)
    }

    // MARK: Through a real gateway

    static let stableProgram = """
        gateway "t"
        provider main { kind = mock; latency = 0ms; tokens = 10; cost_per_1k_tokens = $2 }
        flag new_router { default = off }
        route chat {
          match POST "/v1/chat/completions"
          else -> main
        }

        """

    @Test func countsErrorRatesTokensAndPrometheusPerSlot() async throws {
        let (server, state) = try await GatewayTestSupport.serve(Self.stableProgram)
        let client = try await TestHTTPClient.connect(port: server.port!)
        defer { Task { await client.close(); try? await server.stop() } }
        let stableID = try #require(state.slots.stable)
        for _ in 0..<5 {
            let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
            #expect(response.status == 200)
        }
        let canary = try GatewayTestSupport.compile(
            Self.stableProgram.replacingOccurrences(
                of: "tokens = 10;", with: "tokens = 10; errors = 100%; error_status = 500;"))
        state.setCanary(canary.revision, id: canary.id, weight: 100)
        for _ in 0..<4 {
            let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
            #expect(response.status == 500)
            #expect(response.headers.first(name: "x-gwpipe-slot") == "canary")
        }
        let missing = try await client.request(.POST, "/v1/nowhere", body: "{}")
        #expect(missing.status == 404)

        let stable = state.metrics.window(last: 60, slot: "stable")
        let perRequest = max(1, GatewayTestSupport.chatBody.utf8.count / 4) + 10
        #expect(stable.requests == 5)
        #expect(stable.errors == 0)
        #expect(stable.errorRate == 0)
        #expect(stable.tokens == 5 * perRequest)
        #expect(abs(stable.cost - Double(5 * perRequest) / 1000 * 2) < 1e-9)
        #expect(stable.p50Latency > 0)
        #expect(stable.ttftP95 > 0 && stable.ttftP95 <= stable.p99Latency)
        #expect(stable.upstreamErrors == ["main": 0])
        let canarySide = state.metrics.window(last: 60, slot: "canary")
        #expect(canarySide.requests == 5)
        #expect(canarySide.errors == 4)
        #expect(canarySide.clientErrors == 1)
        #expect(canarySide.errorRate == 80)
        #expect(canarySide.upstreamErrors == ["main": 100])
        #expect(canarySide.tokens == 0)
        #expect(state.metrics.window(last: 60, revision: canary.id, route: "chat").requests == 4)
        #expect(state.metrics.window(last: 60).requests == 10)
        // Every request of the revision has the flag off (its default); nothing is on.
        #expect(state.metrics.flagWindow(flag: "new_router", side: .off, last: 60).requests == 9)
        #expect(state.metrics.flagWindow(flag: "new_router", side: .on, last: 60).requests == 0)

        let scrape = try await client.request(.GET, "/metrics")
        #expect(scrape.status == 200)
        #expect(scrape.headers.first(name: "content-type") == GatewayMetrics.prometheusContentType)
        try Self.expectValidPrometheusText(scrape.body)
        let stableLabels = #"revision="\#(stableID)",slot="stable",route="chat",upstream="main""#
        let canaryLabels = #"revision="\#(canary.id)",slot="canary",route="chat",upstream="main""#
        #expect(scrape.body.contains("# TYPE gwpipe_requests_total counter"))
        #expect(scrape.body.contains("# TYPE gwpipe_request_duration_seconds histogram"))
        #expect(scrape.body.contains("# TYPE gwpipe_ttft_seconds histogram"))
        #expect(scrape.body.contains("gwpipe_requests_total{\(stableLabels),status_class=\"2xx\"} 5\n"))
        #expect(scrape.body.contains("gwpipe_requests_total{\(canaryLabels),status_class=\"5xx\"} 4\n"))
        #expect(scrape.body.contains("gwpipe_errors_total{\(canaryLabels)} 4\n"))
        #expect(scrape.body.contains("gwpipe_tokens_total{\(stableLabels)} \(5 * perRequest)\n"))
        #expect(scrape.body.contains("gwpipe_request_duration_seconds_bucket{\(stableLabels),le=\"+Inf\"} 5\n"))
        #expect(scrape.body.contains("gwpipe_ttft_seconds_count{\(stableLabels)} 5\n"))
        #expect(scrape.body.contains(#"route="",upstream="",status_class="4xx"} 1"#))
    }

    @Test func flagSidesThroughTheGateway() async throws {
        let (server, state) = try await GatewayTestSupport.serve("""
            gateway "t"
            provider main { kind = mock; latency = 0ms }
            provider broken { kind = mock; latency = 0ms; errors = 100%; error_status = 502 }
            flag new_router { default = off }
            route chat {
              match POST "/v1/chat/completions"
              when flag(new_router) -> broken
              else -> main
            }

            """)
        let client = try await TestHTTPClient.connect(port: server.port!)
        defer { Task { await client.close(); try? await server.stop() } }
        for _ in 0..<3 {
            _ = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        }
        state.setFlagRollout("new_router", percent: 100)
        for _ in 0..<2 {
            _ = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
        }
        let on = state.metrics.flagWindow(flag: "new_router", side: .on, last: 60)
        let off = state.metrics.flagWindow(flag: "new_router", side: .off, last: 60)
        #expect(on.requests == 2)
        #expect(on.errorRate == 100)
        #expect(on.upstreamErrors == ["broken": 100])
        #expect(off.requests == 3)
        #expect(off.errorRate == 0)
    }

    @Test func streamsRecordTTFTAndTokensFromTheirLastChunks() async throws {
        let (server, state) = try await GatewayTestSupport.serve("""
            gateway "t"
            provider slow { kind = mock; latency = 60ms; ttft = 20ms; stream = true; tokens = 10 }
            route chat {
              match POST "/v1/chat/completions"
              else -> slow
            }
            route messages {
              match POST "/v1/messages"
              else -> slow
            }

            """)
        let client = try await TestHTTPClient.connect(port: server.port!)
        defer { Task { await client.close(); try? await server.stop() } }
        let openAIBody = #"{"model":"m","stream":true,"messages":[]}"#
        let anthropicBody = #"{"model":"claude","stream":true,"max_tokens":10,"messages":[]}"#
        _ = try await client.request(.POST, "/v1/chat/completions", body: openAIBody)
        _ = try await client.request(.POST, "/v1/messages", body: anthropicBody)
        let chat = state.metrics.window(last: 60, route: "chat")
        #expect(chat.tokens == max(1, openAIBody.utf8.count / 4) + 10)
        // The first chunk goes out after the 20 ms TTFT, the last one 40 ms later at the earliest.
        #expect(chat.ttftP50 >= 20)
        #expect(chat.p50Latency >= 59)
        #expect(chat.ttftP50 < chat.p50Latency)
        let messages = state.metrics.window(last: 60, route: "messages")
        #expect(messages.tokens == max(1, anthropicBody.utf8.count / 4) + 10)
    }

    @Test func httpUpstreamsAreMeteredAndSecretsStayOut() async throws {
        let secret = "sk-test-METRICS-secret-4242"
        let upstream = try await MockServer.start(
            host: "127.0.0.1", port: 0,
            behavior: MockBehavior(latencyMs: [0, 1], ttftMs: nil, errorPercent: 0, errorsAfterMs: nil, errorStatus: 500,
                                   hangPercent: 0, stream: true, tokens: [5, 5]), name: "remote")
        let (server, state) = try await GatewayTestSupport.serve("""
            gateway "t"
            secret upstream_key = env("UPSTREAM_KEY")
            provider remote {
              kind = openai_compatible
              url  = "http://127.0.0.1:\(upstream.port!)"
              key  = upstream_key
            }
            keys callers { file = "keys.yaml" }
            route chat {
              match POST "/v1/chat/completions"
              auth callers
              else -> remote
            }

            """, files: ["keys.yaml": GatewayTestSupport.keysFile], environment: ["UPSTREAM_KEY": secret])
        let client = try await TestHTTPClient.connect(port: server.port!)
        defer { Task { await client.close(); try? await server.stop(); try? await upstream.stop() } }
        let auth = [("authorization", "Bearer key-alpha")]
        let plain = try await client.request(
            .POST, "/v1/chat/completions", headers: auth, body: GatewayTestSupport.chatBody)
        #expect(plain.status == 200)
        let streamBody = #"{"model":"m","stream":true}"#
        let stream = try await client.request(.POST, "/v1/chat/completions", headers: auth, body: streamBody)
        #expect(stream.body.hasSuffix("data: [DONE]\n\n"))
        let refused = try await client.request(
            .POST, "/v1/chat/completions", headers: [("authorization", "Bearer key-wrong")], body: "{}")
        #expect(refused.status == 401)

        let window = state.metrics.window(last: 60)
        #expect(window.requests == 3)
        #expect(window.clientErrors == 1)
        #expect(window.upstreamRequests == ["remote": 2])
        let expected = max(1, GatewayTestSupport.chatBody.utf8.count / 4) + 5 + max(1, streamBody.utf8.count / 4) + 5
        #expect(window.tokens == expected)
        let scrape = try await client.request(.GET, "/metrics")
        try Self.expectValidPrometheusText(scrape.body)
        let json = String(decoding: try JSONEncoder().encode(window), as: UTF8.self)
        for output in [scrape.body, json] {
            #expect(!output.contains(secret))
            #expect(!output.contains("key-alpha"))
            #expect(!output.contains(GatewayTestSupport.sha256("key-alpha")))
            #expect(!output.contains("alpha"))
        }
    }

    /// Checks the text exposition format line by line: `# HELP`/`# TYPE` comments, then samples
    /// `name{label="value",...} number` with properly quoted labels.
    static func expectValidPrometheusText(_ text: String) throws {
        #expect(text.hasSuffix("\n"))
        let sample = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\.)*",?)*\})? (-?[0-9.eE+-]+|\+Inf|NaN)$"#)
        let comment = try Regex(#"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$"#)
        var samples = 0
        for line in text.split(separator: "\n") {
            let line = String(line)
            if line.hasPrefix("#") {
                #expect(line.wholeMatch(of: comment) != nil, "bad comment line: \(line)")
            } else {
                #expect(line.wholeMatch(of: sample) != nil, "bad sample line: \(line)")
                samples += 1
            }
        }
        #expect(samples > 0)
    }
}
