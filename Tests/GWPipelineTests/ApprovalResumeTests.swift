import Foundation
import GWPipeline
import GWStateStore
import Testing

/// `approve` with nobody to ask stops the run "waiting for approval"; `--resume RUN` continues the
/// same run and does not redo what already passed.
@Suite struct ApprovalResumeTests {
    static let pipeline = Programs.pipeline(stages: [
        ("build", "run \"echo built >> build.log\""),
        ("release", "approve\nrun \"echo released >> release.log\""),
        ("after", "run \"true\""),
    ])

    @Test func aRunWaitingForApprovalResumesWhereItStopped() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let file = try harness.write(Programs.gateway(pipeline: Self.pipeline))
        let first = try await harness.run(file)
        #expect(first.exitCode == 1, "\(first.summary)")
        #expect(first.outcome.status == .waitingApproval)
        #expect(first.detail?.run.waitingAt == "release.1")
        #expect(first.step("release.1")?.status == .waiting)
        #expect(first.step("release.1")?.message?.contains("--resume \(first.outcome.runId)") == true)
        #expect(first.stage("after")?.status == .skipped)
        #expect(first.step("after.1")?.status == .skipped)
        #expect(first.events.contains { $0.kind == .approvalWaiting })
        let built = try #require(first.step("build.1"))

        let resumed = try await harness.run(file, options: harness.options(resume: first.outcome.runId))
        #expect(resumed.outcome.runId == first.outcome.runId)
        #expect(resumed.exitCode == 0, "\(resumed.summary)")
        #expect(resumed.outcome.status == .succeeded)
        #expect(resumed.step("release.1")?.message == "approved by --resume")
        #expect(resumed.step("release.2")?.status == .passed)
        #expect(resumed.step("after.1")?.status == .passed)
        // The build step passed before: it was not run again.
        #expect(harness.contents(harness.directory.appendingPathComponent("build.log").path) == "built\n")
        #expect(harness.contents(harness.directory.appendingPathComponent("release.log").path) == "released\n")
        #expect(resumed.step("build.1")?.startedAt == built.startedAt)
        #expect(resumed.detail?.audit.contains { $0.action == "run.resume" } == true)

        // Only a run that waits can be resumed.
        let again = try await harness.run(file, options: harness.options(resume: first.outcome.runId))
        #expect(again.exitCode == 2)
        #expect(again.outcome.message.contains("not waiting for approval"), "\(again.outcome.message)")
        let missing = try await harness.run(file, options: harness.options(resume: 999))
        #expect(missing.exitCode == 2)
        #expect(missing.outcome.message.contains("no run 999"), "\(missing.outcome.message)")
    }

    /// A resume goes on only with what the waiting run was started on: a changed revision or a
    /// changed pipeline is refused (exit 2, naming what changed) and the run still waits.
    @Test func aResumeOfAChangedPlanIsRefusedAndTheRunStillWaits() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let original = Programs.gateway(pipeline: Self.pipeline)
        let file = try harness.write(original)
        let first = try await harness.run(file)
        #expect(first.outcome.status == .waitingApproval, "\(first.summary)")
        let id = first.outcome.runId

        // Another mock latency: staging compiles to another revision than the one approved.
        try harness.write(Programs.gateway(latency: "5ms..9ms", pipeline: Self.pipeline))
        let changedRevision = try await harness.run(file, options: harness.options(resume: id))
        #expect(changedRevision.exitCode == 2, "\(changedRevision.summary)")
        #expect(
            changedRevision.outcome.message.contains("environment staging now compiles to revision"),
            "\(changedRevision.outcome.message)")

        // Another step in the pipeline.
        let longer = Programs.pipeline(stages: [
            ("build", "run \"echo built >> build.log\""),
            ("release", "approve\nrun \"echo released >> release.log\"\nrun \"echo more >> release.log\""),
            ("after", "run \"true\""),
        ])
        try harness.write(Programs.gateway(pipeline: longer))
        let changedSteps = try await harness.run(file, options: harness.options(resume: id))
        #expect(changedSteps.exitCode == 2, "\(changedSteps.summary)")
        #expect(changedSteps.outcome.message.contains("the steps of pipeline p changed"), "\(changedSteps.outcome.message)")
        #expect(!changedSteps.outcome.message.contains("environment staging"), "\(changedSteps.outcome.message)")

        #expect(harness.contents(harness.directory.appendingPathComponent("release.log").path).isEmpty)
        #expect(try harness.openStore().run(id: id)?.status == .waitingApproval, "a refused resume changed the run")

        // A comment that moves every line is no change; the original file resumes.
        try harness.write("# reviewed\n\n" + original)
        let resumed = try await harness.run(file, options: harness.options(resume: id))
        #expect(resumed.exitCode == 0, "\(resumed.summary)")
        #expect(harness.contents(harness.directory.appendingPathComponent("release.log").path) == "released\n")
    }

    /// The suites a run's tests read are part of what was approved: a suite edited while the run
    /// waits is refused on resume (its test passed against other cases).
    @Test func aResumeAfterASuiteChangedIsRefused() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let pipeline = Programs.pipeline(stages: [
            ("verify", "test \"tests/contract.yaml\" with mocks"),
            ("release", "approve\nrun \"echo released >> release.log\""),
        ])
        let file = try harness.write(Programs.gateway(pipeline: pipeline))
        let first = try await harness.run(file)
        #expect(first.outcome.status == .waitingApproval, "\(first.summary)")
        #expect(first.step("verify.1")?.status == .passed)
        let id = first.outcome.runId

        let suite = harness.directory.appendingPathComponent("tests/contract.yaml").path
        let original = harness.contents(suite)
        try (original + "\n# one more line\n").write(toFile: suite, atomically: true, encoding: .utf8)
        let edited = try await harness.run(file, options: harness.options(resume: id))
        #expect(edited.exitCode == 2, "\(edited.summary)")
        #expect(edited.outcome.message.contains("suite tests/contract.yaml changed"), "\(edited.outcome.message)")
        #expect(try harness.openStore().run(id: id)?.status == .waitingApproval)

        try original.write(toFile: suite, atomically: true, encoding: .utf8)
        let resumed = try await harness.run(file, options: harness.options(resume: id))
        #expect(resumed.exitCode == 0, "\(resumed.summary)")
        #expect(harness.contents(harness.directory.appendingPathComponent("release.log").path) == "released\n")
    }

    /// Two `--resume` of one run at the same moment: exactly one goes on, the other is told so.
    @Test func twoResumesOfOneRunDoNotBothGoOn() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let file = try harness.write(Programs.gateway(pipeline: Self.pipeline))
        let first = try await harness.run(file)
        #expect(first.outcome.status == .waitingApproval, "\(first.summary)")
        func options(_ name: String) -> RunOptions {
            var options = harness.options(resume: first.outcome.runId, reports: false)
            options.eventsPath = harness.directory.appendingPathComponent("\(name).jsonl").path
            return options
        }
        async let a = harness.run(file, options: options("a"))
        async let b = harness.run(file, options: options("b"))
        let results = try await [a, b]
        let codes = results.map(\.exitCode).sorted()
        #expect(codes == [0, 2], "\(results.map(\.summary))")
        let refused = try #require(results.first { $0.exitCode == 2 })
        #expect(
            refused.outcome.message.contains("resumed by another gwpipe")
                || refused.outcome.message.contains("not waiting for approval"), "\(refused.outcome.message)")
        #expect(harness.contents(harness.directory.appendingPathComponent("release.log").path) == "released\n")
    }

    /// An approver that answers no stops the run as failed (nothing waits).
    struct Refusing: Approver {
        func ask(_ question: String) async -> Bool? { false }
    }

    @Test func aRefusedApprovalFailsTheRun() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let file = try harness.write(Programs.gateway(pipeline: Self.pipeline))
        let run = try await harness.run(file, approver: Refusing())
        #expect(run.exitCode == 1, "\(run.summary)")
        #expect(run.outcome.status == .failed)
        #expect(run.step("release.1")?.message == "not approved")
        #expect(harness.contents(harness.directory.appendingPathComponent("release.log").path).isEmpty)
    }
}
