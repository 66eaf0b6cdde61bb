import Foundation
import GWPlan
import NIOHTTP1
import Testing

@testable import GWProxy

/// The request path on real loopback sockets: routing, auth, errors, limits, model rewrite.
@Suite struct GatewayRoutingTests {
    static let program = """
        gateway "t"
        let eu_models = ["mistral-large"]
        provider main { kind = mock; latency = 0ms }
        provider eu { kind = mock; latency = 0ms }
        provider side { kind = mock; latency = 0ms }
        keys teams { file = "keys.yaml" }
        flag beta_router {
          default = off
          enable for key.team in ["beta"]
        }
        route chat {
          match POST "/v1/chat/completions"
          auth teams
          limit 5 requests / 1m by key
          when model in eu_models -> eu
          when flag(beta_router) -> side as "rewritten-model"
          when header("x-tier") == "free" -> main 80%, side 20%
          else -> main
        }
        route models {
          match GET "/v1/models"
          else -> main
        }

        """

    private func start() async throws -> (GatewayServer, TestHTTPClient) {
        let (server, _) = try await GatewayTestSupport.serve(Self.program, files: ["keys.yaml": GatewayTestSupport.keysFile])
        return (server, try await TestHTTPClient.connect(port: server.port!))
    }

    private let alpha = [("authorization", "Bearer key-alpha")]

    @Test func routesByModelHeaderAndFlagWithRewrite() async throws {
        let (server, client) = try await start()
        defer { Task { await client.close(); try? await server.stop() } }
        let eu = try await client.request(.POST, "/v1/chat/completions", headers: alpha, body: #"{"model":"mistral-large","messages":[]}"#)
        #expect(eu.status == 200)
        #expect(eu.headers.first(name: "x-gwpipe-upstream") == "eu")
        #expect(eu.headers.first(name: "x-gwpipe-route") == "chat")
        #expect(eu.headers.first(name: "x-gwpipe-revision")?.hasPrefix("sha256:") == true)
        #expect(eu.headers.first(name: "x-request-id") != nil)
        let plain = try await client.request(.POST, "/v1/chat/completions", headers: alpha, body: GatewayTestSupport.chatBody)
        #expect(plain.headers.first(name: "x-gwpipe-upstream") == "main")
        let json = try JSONSerialization.jsonObject(with: Data(plain.body.utf8)) as? [String: Any]
        #expect(json?["object"] as? String == "chat.completion")
        #expect((json?["usage"] as? [String: Any])?["total_tokens"] != nil)
        // The beta team has the flag on: its requests go to `side` with the model rewritten.
        let beta = try await client.request(.POST, "/v1/chat/completions", headers: [("x-api-key", "key-beta")], body: GatewayTestSupport.chatBody)
        #expect(beta.headers.first(name: "x-gwpipe-upstream") == "side")
        #expect(beta.body.contains("\"model\":\"rewritten-model\""))
        let requestID = try await client.request(
            .POST, "/v1/chat/completions", headers: alpha + [("x-request-id", "trace-42")], body: GatewayTestSupport.chatBody)
        #expect(requestID.headers.first(name: "x-request-id") == "trace-42")
    }

    @Test func gatewayErrorsHaveTheRightStatusAndShape() async throws {
        let (server, client) = try await start()
        defer { Task { await client.close(); try? await server.stop() } }
        let cases: [(HTTPMethod, String, [(String, String)], String?, Int, String)] = [
            (.POST, "/v1/chat/completions", [], GatewayTestSupport.chatBody, 401, "invalid_api_key"),
            (.POST, "/v1/chat/completions", [("authorization", "Bearer wrong")], GatewayTestSupport.chatBody, 401, "invalid_api_key"),
            (.POST, "/v1/nowhere", alpha, "{}", 404, "no_route"),
            (.DELETE, "/v1/chat/completions", alpha, nil, 405, "method_not_allowed"),
            (.POST, "/v1/chat/completions", alpha, "not json", 400, "bad_request"),
            (.POST, "/v1/chat/completions", alpha, #"{"messages":[]}"#, 400, "bad_request"),
        ]
        for (method, path, headers, body, status, code) in cases {
            let response = try await client.request(method, path, headers: headers, body: body)
            #expect(response.status == status, "\(method) \(path)")
            let json = try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: Any]
            let error = json?["error"] as? [String: Any]
            #expect(error?["code"] as? String == code, "\(response.body)")
            #expect(error?["message"] is String)
        }
        let health = try await client.request(.GET, "/healthz")
        #expect(health.status == 200)
        let ready = try await client.request(.GET, "/readyz")
        #expect(ready.status == 200)
    }

    @Test func oversizedBodiesGet413AndTheServerKeepsServing() async throws {
        let (server, client) = try await start()
        defer { Task { await client.close(); try? await server.stop() } }
        let huge = String(repeating: "x", count: 5 * 1024 * 1024)
        let response = try await client.request(.POST, "/v1/chat/completions", headers: alpha, body: huge)
        #expect(response.status == 413)
        let other = try await TestHTTPClient.connect(port: server.port!)
        let fine = try await other.request(.GET, "/v1/models")
        #expect(fine.status == 200)
        await other.close()
    }

    @Test func requestLimitsAnswer429WithRetryAfter() async throws {
        let (server, client) = try await start()
        defer { Task { await client.close(); try? await server.stop() } }
        for _ in 0..<5 {
            let ok = try await client.request(.POST, "/v1/chat/completions", headers: alpha, body: GatewayTestSupport.chatBody)
            #expect(ok.status == 200)
        }
        let limited = try await client.request(.POST, "/v1/chat/completions", headers: alpha, body: GatewayTestSupport.chatBody)
        #expect(limited.status == 429)
        #expect(Int(limited.headers.first(name: "retry-after") ?? "") ?? 0 >= 1)
        // Limits are per key: another key still gets through.
        let beta = try await client.request(.POST, "/v1/chat/completions", headers: [("authorization", "Bearer key-beta")], body: GatewayTestSupport.chatBody)
        #expect(beta.status == 200)
    }

    @Test func weightedSplitConverges() {
        var random = SystemRandomNumberGenerator()
        let targets = [TargetPlan(provider: "a", weight: 80, model: nil), TargetPlan(provider: "b", weight: 20, model: nil)]
        var counts: [String: Int] = [:]
        for _ in 0..<10_000 { counts[targets[WeightedChoice.pick(targets, using: &random)].provider, default: 0] += 1 }
        let share = Double(counts["a"] ?? 0) / 10_000
        #expect(abs(share - 0.8) <= 0.02, "share of a: \(share)")
    }
}

/// Token limits charge what answers report in `usage`, not just the prompt estimate.
@Suite struct TokenLimitTests {
    /// Each mock answer reports about 105 tokens; a 250-token budget admits two or three answers, not dozens.
    static let program = """
        gateway "t"
        provider m { kind = mock; latency = 0ms; tokens = 100 }
        route chat {
          match POST "/v1/chat/completions"
          limit 250 tokens / 1m by ip
          else -> m
        }

        """

    @Test func tokenLimitsAreChargedFromUsage() async throws {
        let (server, _) = try await GatewayTestSupport.serve(Self.program)
        let client = try await TestHTTPClient.connect(port: server.port!)
        defer { Task { await client.close(); try? await server.stop() } }
        var admitted = 0
        for _ in 0..<10 {
            let response = try await client.request(.POST, "/v1/chat/completions", body: GatewayTestSupport.chatBody)
            if response.status == 200 { admitted += 1 } else { #expect(response.status == 429) }
        }
        #expect(admitted >= 2 && admitted <= 3, "admitted \(admitted)")
    }
}
