import Foundation
import GWPipeline
import GWStateStore
import Testing

/// A secret's value never leaves the process: not on the console, in events, JUnit, SARIF, the HTML
/// report, nor in the bytes of the state store — even when a step prints it.
@Suite struct SecretLeakTests {
    static let secret = "e2e-secret-Zq81vKx3PwLm"

    static let declarations = """
        secret upstream_key = env("GWPIPE_E2E_SECRET")

        provider vendor {
          kind    = openai
          url     = "http://127.0.0.1:9"
          key     = upstream_key
          timeout = 5s
        }

        route vendor_embeddings {
          match POST "/v1/embeddings"
          auth teams
          limit 1000 requests / 1m by key
          timeout 5s
          else -> vendor
        }
        """

    @Test func theSecretIsInNoOutputOfARun() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let pipeline = Programs.pipeline(stages: [
            ("validate", "parallel {\n  check\n  scan\n}"),
            (
                "staging",
                "deploy staging\nrun \"echo the key is $GWPIPE_E2E_SECRET\"\n"
                    + "run \"echo failing with $GWPIPE_E2E_SECRET; exit 2\""
            ),
        ])
        let file = try harness.write(Programs.gateway(declarations: Self.declarations, pipeline: pipeline))
        let run = try await harness.run(file, options: harness.options(environment: ["GWPIPE_E2E_SECRET": Self.secret]))
        #expect(run.exitCode == 1, "\(run.summary)")
        // The command did print the value, and the record kept it masked.
        let printed = try #require(run.step("staging.2"))
        #expect(printed.status == .passed)
        #expect(printed.output == "the key is [redacted]", "\(printed.output ?? "nil")")
        #expect(run.step("staging.3")?.output?.contains("[redacted]") == true)

        let outputs: [(String, String)] = [
            ("console", run.output),
            ("outcome", run.outcome.message),
            ("events", harness.contents(harness.eventsPath)),
            ("JUnit", harness.contents(harness.junitPath)),
            ("SARIF", harness.contents(harness.sarifPath)),
            ("HTML report", harness.contents(harness.reportPath)),
        ]
        for (name, text) in outputs {
            #expect(!text.isEmpty, "no \(name) written")
            #expect(!text.contains(Self.secret), "the secret leaked into the \(name)")
        }
        for suffix in ["", "-wal", "-shm"] {
            let path = harness.statePath + suffix
            guard let bytes = FileManager.default.contents(atPath: path) else { continue }
            #expect(bytes.range(of: Data(Self.secret.utf8)) == nil, "the secret is in the bytes of \(path)")
        }
        #expect(FileManager.default.fileExists(atPath: harness.statePath))
    }

    /// A webhook URL's path and query (where services put their token) are in no output either:
    /// titles and messages name it by scheme and host, whether the call succeeds or fails.
    @Test func aWebhookURLIsShownByItsHostOnly() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let token = "T0001/B0002/hooktoken9f3Kq"
        let query = "sig=querytoken77Hx2"
        let good = "\(receiver.url)/services/\(token)?\(query)"
        // A webhook that answers 500: the step fails, and its message must not quote the URL either.
        let refusing = try FaultProxy(backend: receiver.url)
        defer { refusing.stop() }
        refusing.set(.refuse(status: 500, message: "down"), on: "POST /services/\(token)")
        let bad = "\(refusing.url)/services/\(token)?\(query)"
        let pipeline = Programs.pipeline(
            stages: [("verify", "run \"exit 4\"")], onFailure: "notify \"\(good)\"\nnotify \"\(bad)\"")
        let file = try harness.write(Programs.gateway(pipeline: pipeline))
        let run = try await harness.run(file)
        #expect(run.exitCode == 1, "\(run.summary)")
        #expect(receiver.bodies.count == 1, "the webhook was not called")
        let sent = try #require(run.step("on_failure.1"))
        #expect(sent.status == .passed, "\(run.summary)")
        #expect(sent.title == "notify \(receiver.url)/…", "\(sent.title)")
        #expect(sent.message == "notified \(receiver.url)/… (200)", "\(sent.message ?? "")")
        let failed = try #require(run.step("on_failure.2"))
        #expect(failed.status == .failed, "\(run.summary)")
        #expect(failed.message == "notify \(refusing.url)/…: answered 500", "\(failed.message ?? "")")

        let outputs: [(String, String)] = [
            ("console", run.output),
            ("outcome", run.outcome.message),
            ("events", harness.contents(harness.eventsPath)),
            ("JUnit", harness.contents(harness.junitPath)),
            ("HTML report", harness.contents(harness.reportPath)),
        ]
        for (name, text) in outputs {
            #expect(!text.isEmpty, "no \(name) written")
            for secret in ["hooktoken9f3Kq", "querytoken77Hx2"] {
                #expect(!text.contains(secret), "the webhook's token leaked into the \(name)")
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            guard let bytes = FileManager.default.contents(atPath: harness.statePath + suffix) else { continue }
            for secret in ["hooktoken9f3Kq", "querytoken77Hx2"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "the webhook's token is in the bytes of the store\(suffix)")
            }
        }
    }

    /// A webhook URL held in a secret (`notify slack_hook`) is posted to, and named only by its
    /// variable: neither its token nor even its host is in any output, the plan or the store.
    @Test func aWebhookURLInASecretIsUsedAndNamedByItsVariable() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let token = "T0003/B0004/secrethooktokenZ81"
        let hook = "\(receiver.url)/services/\(token)"
        let pipeline = Programs.pipeline(stages: [("verify", "run \"exit 4\"")], onFailure: "notify slack_hook")
        let file = try harness.write(
            Programs.gateway(declarations: "secret slack_hook = env(\"GWPIPE_TEST_SLACK_HOOK\")\n", pipeline: pipeline))
        let run = try await harness.run(file, options: harness.options(environment: ["GWPIPE_TEST_SLACK_HOOK": hook]))
        #expect(run.exitCode == 1, "\(run.summary)")
        #expect(receiver.bodies.count == 1, "the webhook in the secret was not called")
        let sent = try #require(run.step("on_failure.1"))
        #expect(sent.status == .passed, "\(run.summary)")
        #expect(sent.title == "notify the webhook in $GWPIPE_TEST_SLACK_HOOK", "\(sent.title)")
        #expect(sent.message == "notified the webhook in $GWPIPE_TEST_SLACK_HOOK (200)", "\(sent.message ?? "")")
        let plan = try PipelineHarness.compiledPlan(of: file, variables: PipelineHarness.baseEnvironment().merging(["GWPIPE_TEST_SLACK_HOOK": hook]) { $1 })
        let planJSON = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        #expect(planJSON.contains("GWPIPE_TEST_SLACK_HOOK"))
        let outputs: [(String, String)] = [
            ("console", run.output), ("events", harness.contents(harness.eventsPath)),
            ("JUnit", harness.contents(harness.junitPath)), ("HTML report", harness.contents(harness.reportPath)),
            ("plan", planJSON),
        ]
        for (name, text) in outputs {
            #expect(!text.contains("secrethooktokenZ81"), "the webhook's token leaked into the \(name)")
            #expect(!text.contains(receiver.url), "the secret webhook's address is in the \(name)")
        }
        for suffix in ["", "-wal", "-shm"] {
            guard let bytes = FileManager.default.contents(atPath: harness.statePath + suffix) else { continue }
            #expect(bytes.range(of: Data("secrethooktokenZ81".utf8)) == nil, "the webhook's token is in the store\(suffix)")
        }
    }
}
