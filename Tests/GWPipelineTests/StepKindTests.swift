import Foundation
import GWPipeline
import GWStateStore
import Testing

/// Every kind of step on its own, in a small program: what it records when it passes, and how
/// it fails.
@Suite struct StepKindTests {
    private func harness() throws -> PipelineHarness {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        try harness.write(Self.sendScript, to: "send.sh")
        return harness
    }

    /// `bash send.sh DELAY COUNT`: after DELAY seconds, COUNT chat completions to staging, one
    /// connection each, printing each status line.
    static let sendScript = """
        #!/bin/bash
        sleep "$1"
        hostport=${GWPIPE_STAGING_URL#http://}
        body='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}'
        for _ in $(seq 1 "$2"); do
          exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
          printf 'POST /v1/chat/completions HTTP/1.1\r\nhost: %s\r\n' "$hostport" >&3
          printf 'authorization: Bearer \(Programs.demoKey)\r\ncontent-type: application/json\r\n' >&3
          printf 'content-length: %d\r\nconnection: close\r\n\r\n%s' "${#body}" "$body" >&3
          head -n 1 <&3
          exec 3<&-
        done
        """

    private func run(
        _ pipeline: String, declarations: String = "", options: ((PipelineHarness) -> RunOptions)? = nil
    )
        async throws -> (PipelineHarness, RunResult)
    {
        let harness = try harness()
        let file = try harness.write(Programs.gateway(declarations: declarations, pipeline: pipeline))
        return (harness, try await harness.run(file, options: options?(harness)))
    }

    @Test func checkRecordsItsResultAsAGate() async throws {
        let (harness, run) = try await run(Programs.pipeline("check"))
        #expect(run.exitCode == 0, "\(run.summary)")
        #expect(run.step("s.1")?.message == "1 file checked: 0 errors, 0 warnings")
        let gate = try #require(run.gateEvaluations.first { $0.kind == .check })
        #expect(gate.verdict == .pass && gate.observed["errors"] == 0)
        #expect(harness.contents(harness.sarifPath).contains("2.1.0"), "no SARIF log written")
    }

    @Test func scanPassesACleanProgramAndFailsOneWithAnErrorFinding() async throws {
        let (_, clean) = try await run(Programs.pipeline("scan"))
        #expect(clean.exitCode == 0, "\(clean.summary)")
        // A public route with neither auth nor a rate limit is an error-level finding.
        let open = """
            route open_chat {
              match POST "/v1/open"
              timeout 30s
              else -> primary
            }
            """
        let (harness, risky) = try await run(Programs.pipeline("scan"), declarations: open)
        #expect(risky.exitCode == 1, "\(risky.summary)")
        let message = risky.step("s.1")?.message ?? ""
        #expect(message.contains("GW-S003"), "\(message)")
        #expect(message.contains("gateway.gwpipe:"), "the finding has no location: \(message)")
        #expect(harness.contents(harness.sarifPath).contains("GW-S003"))
    }

    @Test func testRunsASuiteOnMocksAndAgainstAnEnvironment() async throws {
        let (_, run) = try await run(
            Programs.pipeline(stages: [
                ("validate", "test \"tests/contract.yaml\" with mocks"),
                ("staging", "deploy staging\ntest \"tests/contract.yaml\" against staging"),
            ]))
        #expect(run.exitCode == 0, "\(run.summary)")
        #expect(run.step("validate.1")?.message == "3 of 3 cases passed (chat contract)")
        #expect(run.step("staging.2")?.message == "3 of 3 cases passed (chat contract)")
        #expect(run.testCases.filter { $0.stepId == "staging.2" }.count == 3)
    }

    /// A case that injects a fault is skipped against a real environment: the step passes, says
    /// so, and the record keeps the case as skipped with why.
    @Test func faultCasesAreSkippedAgainstAnEnvironment() async throws {
        let harness = try harness()
        try harness.write(
            """
            suite: both ways
            cases:
              - name: refused without a key
                request: { method: POST, path: /v1/chat/completions, headers: { authorization: "Bearer nope" } }
                expect: { status: 401 }
              - name: primary down
                mocks: [primary_down]
                request: { method: POST, path: /v1/chat/completions }
                expect: { status: 200 }
            """, to: "tests/both.yaml")
        let file = try harness.write(
            Programs.gateway(pipeline: Programs.pipeline("deploy staging\ntest \"tests/both.yaml\" against staging")))
        let run = try await harness.run(file)
        #expect(run.exitCode == 0, "\(run.summary)")
        #expect(run.step("s.2")?.message == "1 of 2 cases passed, 1 skipped (both ways)")
        let skipped = try #require(run.testCases.first { $0.name == "primary down" })
        #expect(skipped.skipped && !skipped.passed)
        #expect(skipped.message?.contains("only a gateway on mocks can") == true)
        #expect(run.testCases.first { $0.name == "refused without a key" }?.skipped == false)
    }

    @Test func aFailingCaseFailsTheStepAtItsYAMLLine() async throws {
        let harness = try harness()
        try harness.write(
            """
            suite: teapot
            cases:
              - name: the gateway is a teapot
                request: { method: POST, path: /v1/chat/completions, headers: { authorization: "Bearer nope" } }
                expect: { status: 418 }
            """, to: "tests/teapot.yaml")
        let file = try harness.write(
            Programs.gateway(pipeline: Programs.pipeline("test \"tests/teapot.yaml\" with mocks")))
        let run = try await harness.run(file)
        #expect(run.exitCode == 1, "\(run.summary)")
        let message = run.step("s.1")?.message ?? ""
        #expect(message.contains("1 of 1 cases failed (teapot)"), "\(message)")
        #expect(message.contains("teapot.yaml:3"), "the failure does not point at the case: \(message)")
        #expect(run.testCases.first?.passed == false)
    }

    struct CommandCase: Sendable, CustomTestStringConvertible {
        var step: String
        var exitCode: Int32
        var message: String
        var output: String?
        var testDescription: String { step }
    }

    static let commandCases: [CommandCase] = [
        CommandCase(step: #"run "echo hello from run""#, exitCode: 0, message: "exited 0", output: "hello from run"),
        CommandCase(
            step: #"run "echo about to fail; exit 3""#, exitCode: 1, message: "exited 3", output: "about to fail"),
        CommandCase(
            step: #"run "gwpipe-no-such-command-here""#, exitCode: 1, message: "command not found", output: nil),
        CommandCase(
            step: #"run "echo started; sleep 30" timeout 2s"#, exitCode: 1, message: "timed out", output: "started"),
    ]

    // The four cases run at once, as the commands of a pipeline's `parallel` block do. (They were
    // serialized for a while: the "double free or corruption" aborts seen beside them came from
    // `Compilation.keepUntilExit` appending from several runs at once; see CompilationTests.)
    @Test(arguments: commandCases)
    func runStepsTheirExitStatusIsTheGate(_ command: CommandCase) async throws {
        let started = Date()
        let (_, run) = try await run(Programs.pipeline(command.step))
        #expect(run.exitCode == command.exitCode, "\(run.summary)")
        let step = try #require(run.step("s.1"))
        #expect(step.message?.contains(command.message) == true, "\(step.message ?? "")")
        if let output = command.output {
            #expect(step.output?.contains(output) == true, "output not kept: \(step.output ?? "nil")")
        }
        // The timeout (2s, scaled to 0.2s) stopped `sleep 30` long before it would have ended.
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func deployGoesInStraightAndIsHealthChecked() async throws {
        let (harness, run) = try await run(Programs.pipeline("deploy staging"))
        #expect(run.exitCode == 0, "\(run.summary)")
        let deployment = try #require(run.deployments.first)
        #expect(
            deployment.strategy == "deploy" && deployment.outcome == .promoted && deployment.previousRevisionId == nil)
        let file = harness.directory.appendingPathComponent("gateway.gwpipe").path
        #expect(deployment.revisionId == (try PipelineHarness.compiledRevision(of: file, environment: "staging").id))
        #expect(try harness.openStore().stableRevision(environment: "staging")?.id == deployment.revisionId)
    }

    @Test func waitLetsScaledTimePass() async throws {
        let (_, run) = try await run(Programs.pipeline("wait 3s"))
        #expect(run.exitCode == 0, "\(run.summary)")
        let step = try #require(run.step("s.1"))
        #expect(step.message == "waited 3s")
        let seconds = try #require(step.durationSeconds)
        #expect(seconds >= 0.29 && seconds < 3, "wait 3s at scale 0.1 took \(seconds)s")
    }

    @Test func oneOffGatesJudgeTheWindowOnce() async throws {
        // While the gate watches staging, a script sends it five chat completions a second in (bash's
        // /dev/tcp: no HTTP client needed), in the middle of the window; none of them fails.
        func gated(_ condition: String) -> String {
            Programs.pipeline(
                "deploy staging\nparallel {\n  gate \(condition) over 30s on staging\n  run \"bash send.sh 1 5\"\n}")
        }
        let (_, passing) = try await run(gated("error_rate < 50%"))
        #expect(passing.exitCode == 0, "\(passing.summary)")
        let judged = try #require(passing.gateEvaluations.first { $0.kind == .oneoff })
        #expect(judged.verdict == .pass && (judged.observed["canary.requests"] ?? 0) >= 5, "\(judged.observed)")
        #expect(judged.windowSeconds >= 2)

        let (_, failing) = try await run(gated("error_rate > 50%"))
        #expect(failing.exitCode == 1, "\(failing.summary)")
        #expect(failing.gateEvaluations.first { $0.kind == .oneoff }?.verdict == .fail)

        // No traffic at all: inconclusive, which a one-off gate does not wave through.
        let (_, idle) = try await run(Programs.pipeline("deploy staging\ngate error_rate < 1% over 1s on staging"))
        #expect(idle.exitCode == 1, "\(idle.summary)")
        #expect(idle.gateEvaluations.first { $0.kind == .oneoff }?.verdict == .inconclusive)
        #expect(idle.step("s.2")?.message?.contains("needs traffic") == true)
    }

    @Test func approveWithTheFlagOrWhenNotNeeded() async throws {
        let (_, granted) = try await run(
            Programs.pipeline("approve\nrun \"true\""), options: { $0.options(approve: true) })
        #expect(granted.exitCode == 0, "\(granted.summary)")
        #expect(granted.step("s.1")?.message == "approved with --approve")
        #expect(granted.detail?.audit.contains { $0.action == "approve" } == true)

        // The branch is main (GITHUB_REF_NAME): an approval asked only for "nope" is not needed.
        let (_, skipped) = try await run(Programs.pipeline("approve when branch == \"nope\"\nrun \"true\""))
        #expect(skipped.exitCode == 0, "\(skipped.summary)")
        #expect(skipped.step("s.1")?.message?.hasPrefix("not needed") == true, "\(skipped.summary)")
    }

    @Test func notifyPostsTheRunWithoutItsSecrets() async throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let secret = "notify-secret-value-4242"
        let declarations = "secret hook_token = env(\"GWPIPE_NOTIFY_SECRET\")\n"
        let (_, run) = try await run(
            Programs.pipeline(
                stages: [("build", "run \"echo building\""), ("verify", "run \"echo \(secret) >&2; exit 4\"")],
                onFailure: "notify \"\(receiver.url)/hooks/deploys\""),
            declarations: declarations, options: { $0.options(environment: ["GWPIPE_NOTIFY_SECRET": secret]) })
        #expect(run.exitCode == 1, "\(run.summary)")
        #expect(run.step("on_failure.1")?.status == .passed, "\(run.summary)")
        let body = try #require(receiver.bodies.first, "the webhook received nothing")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(json["run"] as? Int == Int(run.outcome.runId))
        #expect(json["pipeline"] as? String == "p")
        #expect(json["stage"] as? String == "verify")
        #expect(json["outcome"] as? String == "failed")
        #expect((json["message"] as? String)?.contains("exited 4") == true, "\(body)")
        #expect(!body.contains(secret))
    }

    @Test func rollbackInOnFailurePutsTheEnvironmentBack() async throws {
        let harness = try harness()
        let baseline = try harness.write(Programs.gateway(latency: "2ms..4ms", pipeline: ""), to: "baseline.gwpipe")
        let file = try harness.write(
            Programs.gateway(
                pipeline: Programs.pipeline(
                    stages: [("staging", "deploy staging"), ("checks", "run \"exit 1\"")],
                    onFailure: "rollback staging")))
        let before = try PipelineHarness.compiledRevision(of: baseline, environment: "staging").id
        let new = try PipelineHarness.compiledRevision(of: file, environment: "staging").id
        let run = try await harness.run(file, baseline: baseline)
        #expect(run.exitCode == 1, "\(run.summary)")
        #expect(run.deployments.count == 2, "\(run.deployments)")
        let deploy = try #require(run.deployments.first)
        #expect(
            deploy.strategy == "deploy" && deploy.revisionId == new && deploy.previousRevisionId == before
                && deploy.outcome == .promoted)
        let rollback = try #require(run.deployments.last)
        #expect(rollback.strategy == "rollback" && rollback.revisionId == before && rollback.previousRevisionId == new)
        #expect(rollback.outcome == .promoted)
        #expect(run.step("on_failure.1")?.message?.contains("rolled staging back") == true, "\(run.summary)")
        // The next run starts staging on what it served before this one.
        #expect(try harness.openStore().stableRevision(environment: "staging")?.id == before)
    }
}

/// `parallel { }`: the stage's wall time is its slowest step's, not the sum.
@Suite struct ParallelStageTests {
    @Test func parallelStepsRunAtOnce() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let steps = "parallel {\n  run \"sleep 0.3\"\n  run \"sleep 0.3\"\n  run \"sleep 0.3\"\n}"
        let file = try harness.write(Programs.gateway(pipeline: Programs.pipeline(steps)))
        let run = try await harness.run(file)
        #expect(run.exitCode == 0, "\(run.summary)")
        let records = ["s.1.1", "s.1.2", "s.1.3"].compactMap { run.step($0) }
        let durations = records.compactMap(\.durationSeconds)
        #expect(durations.count == 3 && durations.allSatisfy { $0 >= 0.3 })
        let stageRecord = try #require(run.stage("s"))
        let stage = try #require(stageRecord.durationSeconds)
        let timeline = records.map {
            String(
                format: "%@ %.3f..%.3f", $0.stepId, $0.startedAt.timeIntervalSince(stageRecord.startedAt),
                ($0.finishedAt ?? $0.startedAt).timeIntervalSince(stageRecord.startedAt))
        }
        // Each step started before any of them ended, and together they took less than one after
        // another would. The span is measured from the first step's start: under the full suite the
        // stage can wait seconds for a free thread before its wave begins, which says nothing about
        // parallelism. (An absolute bound, < 0.8 s, holds on an idle machine but not with 10x headroom.)
        let firstStart = try #require(records.map(\.startedAt).min())
        let lastStart = try #require(records.map(\.startedAt).max())
        let firstEnd = try #require(records.compactMap(\.finishedAt).min())
        let lastEnd = try #require(records.compactMap(\.finishedAt).max())
        #expect(lastStart < firstEnd, "the steps did not overlap: \(timeline)")
        let span = lastEnd.timeIntervalSince(firstStart)
        #expect(span < durations.reduce(0, +) - 0.2, "three 0.3 s steps in parallel took \(span)s: \(timeline)")
        #expect(stage >= span, "the stage ended before its steps: \(timeline)")
    }
}
