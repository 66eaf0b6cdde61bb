import Foundation
import GWContract
import Testing

/// What a valid suite becomes, and the loader's file-level failures (missing file, directory).
@Suite("Suite loader")
struct LoaderTests {
    @Test func validSuiteBecomesTheModel() throws {
        let suite = try ContractTestSupport.suite(
            """
            suite: chat contract
            cases:
              - name: streamed chat
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${TEST_KEY}", x-tier: 5 }
                  json: { model: gpt-4o-mini, max_tokens: 5, temperature: 0.5, stop: null, n: "1", stream: false }
                  stream: true
                expect:
                  status: 2XX
                  upstream: openai
                  route: chat
                  headers: { X-Request-Id: abc }
                  json: { object: chat.completion }
                  body_contains: data
                  latency_below: 1.5s
                  stream: true
              - name: models
                request: { method: get, path: /v1/models }
                expect: { status: "404", latency_below: 2m }
            """)
        #expect(suite.name == "chat contract")
        #expect(suite.file == "inline.yaml")
        #expect(suite.cases.map(\.name) == ["streamed chat", "models"])
        let first = suite.cases[0]
        #expect(first.location == SuiteLocation(file: "inline.yaml", line: 3, column: 5))
        #expect(first.request.method == "POST")
        #expect(first.request.headers.map(\.name) == ["authorization", "x-tier"])
        #expect(first.request.headers.map(\.value) == ["Bearer ${TEST_KEY}", "5"])
        guard case .json(let body) = first.request.body else {
            Issue.record("expected a JSON body, got \(first.request.body)")
            return
        }
        // `stream: true` replaces the body's own `stream` and goes last.
        #expect(
            body.jsonText
                == #"{"model":"gpt-4o-mini","max_tokens":5,"temperature":0.5,"stop":null,"n":"1","stream":true}"#)
        #expect(first.expectation.status == .statusClass(2))
        #expect(first.expectation.upstream == "openai" && first.expectation.route == "chat")
        #expect(first.expectation.headers.map(\.name) == ["x-request-id"])
        #expect(first.expectation.latencyBelowMs == 1500)
        #expect(first.expectation.stream == true)
        #expect(first.expectation.bodyContains == "data")
        let second = suite.cases[1]
        #expect(second.request.method == "GET" && second.request.body == .none)
        #expect(second.expectation.status == .exact(404))
        #expect(second.expectation.latencyBelowMs == 120_000)
    }

    @Test func suiteNameDefaultsToTheFileName() throws {
        let suite = try TestSuiteLoader().parse(
            "cases:\n  - name: a\n    request: { path: /healthz, method: GET }\n    expect: { status: 200 }\n",
            fileName: "tests/smoke.yaml")
        #expect(suite.name == "smoke")
    }

    @Test func missingFilesAndDirectoriesAreExplained() throws {
        let missing = "/nonexistent/\(UUID().uuidString).yaml"
        #expect(throws: TestSuiteError.self) { try TestSuiteLoader().load(missing) }
        do {
            _ = try TestSuiteLoader().load(missing)
        } catch {
            #expect(error.description == "\(missing): error: cannot read the suite: no such file\n")
        }
        let directory = FileManager.default.temporaryDirectory.path
        do {
            _ = try TestSuiteLoader().load(directory)
            Issue.record("a directory loaded as a suite")
        } catch {
            #expect(error.problems.map(\.message) == ["cannot read the suite: it is a directory, not a file"])
        }
    }

    @Test func jsonTextEscapesStrings() {
        let value = JSONValue.object([
            JSONValue.Member("a\"b", .string("line\nbreak\t\u{01}é")), JSONValue.Member("n", .number(2)),
            JSONValue.Member("x", .number(0.25)), JSONValue.Member("list", .array([.bool(true), .null])),
        ])
        #expect(value.jsonText == #"{"a\"b":"line\nbreak\t\u0001é","n":2,"x":0.25,"list":[true,null]}"#)
        #expect(JSONValue.parse(Array(value.jsonText.utf8))?["x"] == .number(0.25))
    }
}
