import Foundation
import Testing

@testable import GWCLI

/// `gwpipe test` in process: the example suite on the quickstart's mocks, failing cases, and the
/// inputs that make the command unusable (exit 2).
@Suite struct TestCommandTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let suite = repositoryRoot.appendingPathComponent("examples/tests/contract.yaml").path
    private static let quickstart = repositoryRoot.appendingPathComponent("examples/quickstart/gateway.gwpipe").path

    private func temporaryFile(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gwpipe-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func exampleSuitePassesOnTheQuickstartsMocks() async throws {
        for environment in [nil, "staging"] {
            let result = await TestAction(suitePath: Self.suite, withMocks: Self.quickstart, environment: environment)
                .run()
            #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
            let lines = result.standardOutput.split(separator: "\n").map(String.init)
            try #require(lines.count == 4)
            #expect(lines[0].hasPrefix("✓ a chat completion is answered ("))
            #expect(lines[1].hasPrefix("✓ EU models stay on the EU provider ("))
            #expect(lines[2].hasPrefix("✓ an unknown key is refused ("))
            #expect(lines[3] == "3 passed, 0 failed")
        }
    }

    /// Against a real gateway a case that injects faults cannot run: it is listed as skipped, with
    /// why, and the suite still passes (nothing is sent for it: the target here answers nothing).
    @Test func faultCasesAreSkippedAgainstATarget() async throws {
        let suite = try temporaryFile(
            """
            suite: both ways
            cases:
              - name: primary down
                mocks: [primary_down]
                request: { path: /v1/chat/completions, json: { model: gpt-4o-mini } }
                expect: { status: 200, upstream: backup }
            """, name: "both.yaml")
        let result = await TestAction(suitePath: suite, target: "http://127.0.0.1:9").run()
        #expect(result.exitCode == 0, "\(result.standardOutput)\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines == [
            "- primary down (skipped: injects primary_down, which only a gateway on mocks can (gwpipe test --with-mocks FILE))",
            "0 passed, 0 failed, 1 skipped",
        ])
    }

    @Test func failingCasesExitOneWithTheirLocations() async throws {
        let suite = try temporaryFile(
            """
            suite: wrong on purpose
            cases:
              - name: wrong upstream
                request:
                  path: /v1/chat/completions
                  headers: { authorization: "Bearer ${DEMO_KEY}" }
                  json: { model: mistral-large, messages: [{ role: user, content: hi }] }
                expect: { status: 200, upstream: primary }
              - name: right status
                request: { path: /v1/chat/completions, headers: { authorization: "Bearer nope" } }
                expect: { status: 4xx }
            """, name: "wrong.yaml")
        let result = await TestAction(
            suitePath: suite, withMocks: Self.quickstart, environmentVariables: ["DEMO_KEY": "sk-gw-demo-default-0001"]
        ).run()
        #expect(result.exitCode == 1)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(result.standardOutput)\(result.standardError)")
        #expect(lines[0].hasPrefix("✗ wrong upstream ("))
        #expect(lines.contains("    \(suite):3:5: expected upstream primary (x-gwpipe-upstream), got eu_mock"))
        #expect(lines.contains { $0.hasPrefix("✓ right status (") })
        #expect(lines.last == "1 passed, 1 failed")
        #expect(!(result.standardOutput + result.standardError).contains("sk-gw-demo-default-0001"))
    }

    @Test func targetMustBeAUsableURL() async {
        let result = await TestAction(suitePath: Self.suite, target: "ftp://127.0.0.1:21").run()
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("the scheme must be http or https"))
    }

    @Test func targetThatIsDownFailsEveryCase() async throws {
        // Port 9 (discard) is never served on loopback in the test environment: connections are refused.
        let result = await TestAction(suitePath: Self.suite, target: "http://127.0.0.1:9").run()
        #expect(result.exitCode == 1, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("connection refused (is the gateway running?)"))
        #expect(result.standardOutput.hasSuffix("0 passed, 3 failed\n"))
        #expect(result.standardError.hasPrefix("running chat contract against http://127.0.0.1:9"))
    }

    @Test func targetAndWithMocksExcludeEachOther() async {
        let neither = await TestAction(suitePath: Self.suite).run()
        #expect(neither.exitCode == 2)
        #expect(neither.standardError.contains("--target URL (a running gateway) or --with-mocks FILE"))
        let both = await TestAction(suitePath: Self.suite, target: "http://127.0.0.1:1", withMocks: Self.quickstart)
            .run()
        #expect(both.exitCode == 2)
        #expect(both.standardError.contains("exclude each other"))
        let concurrency = await TestAction(suitePath: Self.suite, withMocks: Self.quickstart, concurrency: 0).run()
        #expect(concurrency.exitCode == 2)
    }

    @Test func suiteErrorsAreReportedWithLocations() async throws {
        let suite = try temporaryFile(
            "suite: typo\ncases:\n  - name: x\n    request: { path: /v1/models }\n    expct: {}\n", name: "typo.yaml")
        let result = await TestAction(suitePath: suite, withMocks: Self.quickstart).run()
        #expect(result.exitCode == 2)
        #expect(
            result.standardError.contains("\(suite):5:5: error: unknown key 'expct' in a case; did you mean 'expect'?"))
        // The typo is the one mistake: `expect` is not reported missing as well.
        #expect(!result.standardError.contains("has no `expect`"))
        let missing = await TestAction(suitePath: "/nonexistent/suite.yaml", withMocks: Self.quickstart).run()
        #expect(missing.exitCode == 2)
        #expect(missing.standardError == "/nonexistent/suite.yaml: error: cannot read the suite: no such file\n")
    }

    @Test func programsWithErrorsOrUnknownEnvironmentsAreUnusable() async throws {
        let broken = try temporaryFile("rout chat {}\n", name: "broken.gwpipe")
        let result = await TestAction(suitePath: Self.suite, withMocks: broken).run()
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("unknown declaration 'rout'"))
        let unknown = await TestAction(suitePath: Self.suite, withMocks: Self.quickstart, environment: "prod").run()
        #expect(unknown.exitCode == 2)
        #expect(unknown.standardError.contains("--env prod"))
        let missing = await TestAction(suitePath: Self.suite, withMocks: "/nonexistent/x.gwpipe").run()
        #expect(missing.exitCode == 2)
    }

    @Test func commandIsRegistered() throws {
        let command = try GWPipeCommand.parseAsRoot([
            "test", "suite.yaml", "--target", "http://127.0.0.1:8080", "--concurrency", "3",
        ])
        let test = try #require(command as? TestCommand)
        #expect(test.target == "http://127.0.0.1:8080" && test.concurrency == 3 && test.withMocks == nil)
    }
}
