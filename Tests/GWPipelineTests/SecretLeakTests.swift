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
}
