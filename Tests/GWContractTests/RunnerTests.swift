import Foundation
import GWContract
import Testing

/// The runner against a mocked gateway of a program compiled in the test: passing cases, each kind
/// of failed expectation, status classes, streams, latency, unset variables, secrets, concurrency.
@Suite("Contract runner")
struct RunnerTests {
    static let key = ContractTestSupport.secretKey
    static let environment = ["TEST_KEY": key]

    private func run(_ yaml: String, concurrency: Int = 8, timeout: Duration = .seconds(30)) async throws -> SuiteResult
    {
        let suite = try ContractTestSupport.suite(yaml)
        let gateway = try await ContractTestSupport.startGateway()
        let runner = ContractRunner(concurrency: concurrency, requestTimeout: timeout, environment: Self.environment)
        let result = await runner.run(suite, against: gateway.target)
        try await gateway.stop()
        return result
    }

    @Test func passingCasesCoverEveryExpectation() async throws {
        let result = try await run(
            """
            suite: passing
            cases:
              - name: chat on the replaced provider
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                expect:
                  status: 200
                  upstream: openai
                  route: chat
                  headers: { Content-Type: application/json }
                  json: { object: chat.completion, choices: [{ index: 0, message: { role: assistant } }] }
                  body_contains: chatcmpl-
                  latency_below: 10s
                  stream: false
              - name: a status class
                request: { path: /v1/embeddings, headers: { x-api-key: "${TEST_KEY}" }, json: { model: e, input: hi } }
                expect: { status: 2xx, upstream: openai, json: { object: list } }
              - name: no key is refused
                request: { path: /v1/chat/completions, json: { model: gpt-4o-mini } }
                expect: { status: 4xx, json: { error: { code: invalid_api_key } } }
              - name: a text body
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}", content-type: application/json }
                  body: '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'
                expect: { status: 200 }
              - name: an unknown path
                request: { method: get, path: /v1/nothing-here, headers: { authorization: "Bearer ${TEST_KEY}" } }
                expect: { status: 404 }
            """)
        #expect(result.name == "passing")
        #expect(
            result.cases.map(\.name) == [
                "chat on the replaced provider", "a status class", "no key is refused", "a text body",
                "an unknown path",
            ])
        for testCase in result.cases {
            #expect(testCase.passed, "\(testCase.name): \(testCase.failures)")
            #expect(testCase.durationMs > 0)
        }
        #expect(result.cases.map(\.statusCode) == [200, 200, 401, 200, 404])
        #expect(result.passedCount == 5 && result.failedCount == 0 && result.allPassed)
        #expect(result.cases[0].location == SuiteLocation(file: "inline.yaml", line: 3, column: 5))
    }

    @Test func eachKindOfFailedExpectationSaysWhatCameBack() async throws {
        let result = try await run(
            """
            suite: failing
            cases:
              - name: wrong everything
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                expect:
                  status: 201
                  upstream: backup
                  route: embeddings
                  headers: { content-type: text/plain, x-missing: here }
                  json: { object: list, nothing: 1, choices: [1, 2], model: { name: x } }
                  body_contains: no such text
                  stream: true
              - name: wrong class
                request: { path: /v1/chat/completions, json: { model: gpt-4o-mini } }
                expect: { status: 2xx, upstream: openai }
              - name: not json
                request: { method: GET, path: /metrics }
                expect: { json: { ok: true } }
            """)
        let wrong = try #require(result.cases.first)
        #expect(!wrong.passed)
        #expect(wrong.statusCode == 200)
        #expect(
            Array(wrong.failures.prefix(7)) == [
                "expected status 201, got 200",
                "expected upstream backup (x-gwpipe-upstream), got openai",
                "expected route embeddings (x-gwpipe-route), got chat",
                "expected header content-type: \"text/plain\", got \"application/json\"",
                "expected header x-missing: \"here\", but the answer has no x-missing header",
                "json: expected $.object to be \"list\", got \"chat.completion\"",
                "json: $.nothing is missing (expected 1)",
            ])
        #expect(wrong.failures.contains { $0.hasPrefix("json: expected $.choices to have 2 items, got 1: [{") })
        #expect(wrong.failures.contains { $0.hasPrefix("json: expected $.model to be an object, got \"") })
        #expect(wrong.failures.contains { $0.hasPrefix("expected the body to contain \"no such text\", got {") })
        #expect(
            wrong.failures.contains {
                $0 == "expected an SSE stream (content-type text/event-stream), got application/json (status 200)"
            })
        let unauthorized = result.cases[1]
        #expect(unauthorized.statusCode == 401)
        #expect(
            unauthorized.failures.first?.hasPrefix("expected status 2xx, got 401 (Missing or invalid API key.") == true)
        #expect(
            unauthorized.failures.contains(
                "expected upstream openai, but the answer has no x-gwpipe-upstream header (status 401)"))
        #expect(result.cases[2].failures.count == 1)
        #expect(result.cases[2].failures.first?.hasPrefix("expected a JSON answer, got ") == true)
        #expect(result.failedCount == 3 && !result.allPassed)
    }

    @Test func streamsMustBeSSEEndingInDone() async throws {
        let result = try await run(
            """
            suite: streams
            cases:
              - name: a streamed chat
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                  stream: true
                expect: { status: 200, stream: true, body_contains: "data: [DONE]" }
              - name: not streamed but expected to be
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: hi }] }
                expect: { stream: true }
            """)
        #expect(result.cases[0].passed, "\(result.cases[0].failures)")
        #expect(
            result.cases[1].failures == [
                "expected an SSE stream (content-type text/event-stream), got application/json (status 200)"
            ])
    }

    @Test func latencyBelowFailsASlowAnswer() async throws {
        let result = try await run(
            """
            suite: latency
            cases:
              - name: too slow
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: slow-model, messages: [{ role: user, content: hi }] }
                expect: { status: 200, upstream: slow, latency_below: 50ms }
              - name: fast enough
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: slow-model, messages: [{ role: user, content: hi }] }
                expect: { status: 200, latency_below: 20s }
            """)
        let slow = result.cases[0]
        #expect(slow.failures.count == 1)
        #expect(slow.failures.first?.hasPrefix("expected an answer in less than 50 ms, it took ") == true)
        #expect(slow.durationMs >= 200)
        #expect(result.cases[1].passed)
    }

    @Test func anUnsetVariableFailsOnlyItsCase() async throws {
        let result = try await run(
            """
            suite: variables
            cases:
              - name: needs two variables
                request:
                  path: /v1/chat/${ROUTE_PART}
                  headers: { authorization: "Bearer ${NOT_SET_ANYWHERE}" }
                  json: { model: gpt-4o-mini }
                expect: { status: 200 }
              - name: literal dollars stay
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: gpt-4o-mini, messages: [{ role: user, content: "costs $5 or ${} or ${not a name}" }] }
                expect: { status: 200 }
            """)
        #expect(
            result.cases[0].failures == [
                "environment variable ROUTE_PART is not set", "environment variable NOT_SET_ANYWHERE is not set",
            ])
        #expect(result.cases[0].statusCode == nil)
        #expect(result.cases[1].passed, "\(result.cases[1].failures)")
    }

    @Test func secretsNeverAppearInResults() async throws {
        // The upstream echoes nothing, but the gateway's 404 names the path, which holds the secret.
        let result = try await run(
            """
            suite: secrets
            cases:
              - name: secret in the path and a header
                request:
                  method: GET
                  path: /v1/unknown/${TEST_KEY}
                  headers: { authorization: "Bearer ${TEST_KEY}", x-custom: "plain-header-value-123" }
                expect: { status: 200, upstream: openai, json: { object: x }, body_contains: nope }
              - name: wrong key
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}-wrong" }
                  json: { model: gpt-4o-mini }
                expect: { status: 200, upstream: openai }
            """)
        let everything = result.cases.flatMap(\.failures).joined(separator: "\n") + "\(result)"
        #expect(result.cases.allSatisfy { !$0.failures.isEmpty })
        #expect(!everything.contains(Self.key))
        #expect(!everything.contains("plain-header-value-123"))
        #expect(
            result.cases[0].failures.contains { $0.contains("•••") },
            "the echoed path is masked: \(result.cases[0].failures)")
    }

    @Test func casesRunConcurrently() async throws {
        let cases = (1...8).map { index in
            """
              - name: slow \(index)
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: slow-model, messages: [{ role: user, content: hi }] }
                expect: { status: 200, upstream: slow }
            """
        }
        // Run one after another, the suite would take at least the sum of its cases' times; at once,
        // far less. Relative to the cases' own times, so a loaded machine does not make it flaky;
        // and measured up to three times, because the whole test process can stall for a second or
        // two while other suites run beside it (a runner that serializes cases fails all three).
        var attempts: [String] = []
        for _ in 0..<3 {
            let result = try await run("suite: concurrent\ncases:\n" + cases.joined(separator: "\n"), concurrency: 8)
            #expect(result.allPassed, "\(result.cases.flatMap(\.failures))")
            #expect(result.cases.allSatisfy { $0.durationMs >= 200 })
            #expect(result.cases.map(\.name) == (1...8).map { "slow \($0)" })
            let sum = result.cases.map(\.durationMs).reduce(0, +)
            if result.durationMs < sum * 0.6 { return }
            attempts.append("took \(Int(result.durationMs)) ms for cases that add up to \(Int(sum)) ms")
        }
        Issue.record("the cases did not run at once: \(attempts.joined(separator: "; "))")
    }

    @Test func timeoutsAndRefusedConnectionsFailCases() async throws {
        let stuck = try await run(
            """
            suite: stuck
            cases:
              - name: never answered
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}" }
                  json: { model: stuck-model }
                expect: { status: 200 }
            """, timeout: .milliseconds(300))
        #expect(stuck.cases[0].failures == ["no complete answer within 300 ms (the request timeout)"])
        #expect(stuck.cases[0].statusCode == nil)

        let gateway = try await ContractTestSupport.startGateway()
        let target = gateway.target
        try await gateway.stop()
        let suite = try ContractTestSupport.suite(
            "cases:\n  - name: nobody home\n    request: { path: /v1/models }\n    expect: { status: 200 }\n")
        let refused = await ContractRunner(environment: [:]).run(suite, against: target)
        #expect(
            refused.cases[0].failures == [
                "could not connect to \(target): connection refused (is the gateway running?)"
            ])
        #expect(refused.name == "inline")
    }

    @Test func badBaseURLsAreRefusedUpFront() {
        for url in ["not a url", "ftp://127.0.0.1:21", "http://", "http://127.0.0.1:8080/?x=1", "127.0.0.1:8080"] {
            #expect(throws: ContractTargetError.self, "\(url)") { try ContractTarget(baseURL: url) }
        }
        #expect((try? ContractTarget(baseURL: "http://127.0.0.1:8080/"))?.baseURL == "http://127.0.0.1:8080")
        do {
            _ = try ContractTarget(baseURL: "http://admin:hunter22@127.0.0.1:8080")
            Issue.record("credentials in a base URL were accepted")
        } catch {
            #expect(!error.description.contains("hunter22"))
        }
    }
}
