import Foundation
import GWPipeline
import GWStateStore
import Testing

/// What `gwpipe run` says and how it exits for input it cannot run: a clear message, the right exit
/// status, and nothing moved when the problem was knowable up front.
@Suite struct BadInputTests {
    private func harness() throws -> PipelineHarness {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        return harness
    }

    @Test func anUnknownPipelineIsAConfigurationError() async throws {
        let harness = try harness()
        let file = try harness.write(Programs.gateway(pipeline: Programs.pipeline("check")))
        let run = try await harness.run(file, options: harness.options(pipeline: "nope"))
        #expect(run.exitCode == 2)
        #expect(run.outcome.message.contains("there is no pipeline 'nope'") && run.outcome.message.contains("known: p"))
        #expect(run.output.contains("there is no pipeline 'nope'"))
    }

    @Test func aTypeErrorStopsTheRunBeforeItStarts() async throws {
        let harness = try harness()
        let file = try harness.write(
            Programs.gateway(
                declarations: "provider broken {\n  kind    = mock\n  latency = 30x\n}\n",
                pipeline: Programs.pipeline("check")))
        let run = try await harness.run(file)
        #expect(run.exitCode == 2)
        #expect(run.outcome.runId == 0, "a run was recorded for a file with errors")
        #expect(run.output.contains("gateway.gwpipe:"), "the diagnostic has no location: \(run.output)")
        #expect(run.output.contains("error"))
    }

    @Test func anUnreachableAdminAPIIsAnInfrastructureFailure() async throws {
        let harness = try harness()
        // A port that was free a moment ago: nothing listens there.
        let closed = try WebhookReceiver()
        closed.stop()
        let declarations = """
            environment remote {
              admin = ["http://127.0.0.1:\(closed.port)"]
            }
            """
        let file = try harness.write(
            Programs.gateway(declarations: declarations, pipeline: Programs.pipeline("deploy remote")))
        let run = try await harness.run(file)
        #expect(run.exitCode == 3, "\(run.summary)")
        #expect(run.allDeployments.isEmpty)
        #expect(run.step("s.1")?.message?.contains("environment remote") == true, "\(run.summary)")
    }

    @Test func aWrongAdminTokenIsAConfigurationError() async throws {
        let harness = try harness()
        let first = try PipelineHarness.compiledRevision(
            of: try harness.write(Programs.gateway(latency: "2ms..4ms", pipeline: ""), to: "first.gwpipe"),
            environment: "staging")
        let fleet = try await Fleet.start(count: 1, token: "the-right-token", serving: first)
        defer { Task { await fleet.stop() } }
        let declarations = """
            secret remote_token = env("GWPIPE_REMOTE_TOKEN")

            environment remote {
              admin       = \(fleet.adminList)
              admin_token = remote_token
            }
            """
        let file = try harness.write(
            Programs.gateway(declarations: declarations, pipeline: Programs.pipeline("deploy remote")))
        let run = try await harness.run(
            file, options: harness.options(environment: ["GWPIPE_REMOTE_TOKEN": "a-wrong-token"]))
        #expect(run.exitCode == 2, "\(run.summary)")
        #expect(run.step("s.1")?.message?.contains("GWPIPE_REMOTE_TOKEN") == true, "\(run.summary)")
        #expect(try await fleet.stableRevisions() == [first.id])
        #expect(run.allDeployments.isEmpty)
        #expect(!run.output.contains("a-wrong-token"))
    }

    @Test func anInvalidSuiteIsFoundBeforeAnythingMoves() async throws {
        let harness = try harness()
        try harness.write("suite: broken\ncases:\n  - name: [unclosed\n", to: "tests/broken.yaml")
        let file = try harness.write(
            Programs.gateway(
                pipeline: Programs.pipeline(stages: [
                    ("staging", "deploy staging"), ("verify", "test \"tests/broken.yaml\" against staging"),
                ])))
        let run = try await harness.run(file)
        #expect(run.exitCode == 2, "\(run.summary)")
        #expect(run.outcome.message.contains("broken.yaml"), "\(run.outcome.message)")
        #expect(run.allDeployments.isEmpty, "a deployment happened before the broken suite was noticed")
    }

    @Test func aCommandThatDoesNotExistFailsItsStep() async throws {
        let harness = try harness()
        let file = try harness.write(
            Programs.gateway(pipeline: Programs.pipeline("run \"gwpipe-missing-tool --version\"\nrun \"true\"")))
        let run = try await harness.run(file)
        #expect(run.exitCode == 1, "\(run.summary)")
        #expect(run.step("s.1")?.message?.contains("command not found") == true)
        #expect(run.step("s.2")?.status == .skipped)
    }
}
