import Foundation
import GWPipeline
import GWStateStore
import Testing

extension TrafficRuns {
    /// The examples in the repository, run end to end as a user would (`gwpipe run FILE --baseline
    /// BASELINE`), with every duration compressed ten times.
    @Suite struct ExampleRunTests {
        /// Runs an example in a fresh folder. When every gate was inconclusive for lack of requests —
        /// the machine was too busy (the whole suite starts at once on two cores) for the compressed
        /// synthetic load to reach its rate, so the gates had nothing to judge the revision by — it
        /// runs once more. A pass or a fail is never retried.
        private func runExample(_ name: String, scale: Double) async throws -> (PipelineHarness, RunResult) {
            let file = PipelineHarness.repositoryFile("examples/\(name)/gateway.gwpipe")
            let baseline = PipelineHarness.repositoryFile("examples/\(name)/baseline.gwpipe")
            var attempt = 0
            while true {
                attempt += 1
                let harness = try PipelineHarness()
                let run = try await harness.run(file, baseline: baseline, options: harness.options(timeScale: scale))
                let message = run.outcome.message
                let starved = message.contains("gates inconclusive") && message.contains("requests needed")
                if !starved || attempt == 2 { return (harness, run) }
            }
        }

        @Test func quickstartValidatesStagesAndCanariesIntoProduction() async throws {
            let (harness, run) = try await runExample("quickstart", scale: 0.1)
            let file = PipelineHarness.repositoryFile("examples/quickstart/gateway.gwpipe")
            let baseline = PipelineHarness.repositoryFile("examples/quickstart/baseline.gwpipe")
            #expect(run.exitCode == 0, "\(run.summary)")
            #expect(run.outcome.status == .succeeded)
            for stage in ["validate", "staging", "production"] {
                #expect(run.stage(stage)?.status == .passed, "stage \(stage): \(run.summary)")
            }

            // validate's three steps ran in one wave: every one started before the slowest (the contract
            // suite) finished. check and scan take milliseconds, so ParallelStageTests measures wall time.
            let validate = try ["validate.1.1", "validate.1.2", "validate.1.3"].map { try #require(run.step($0)) }
            #expect(validate.map(\.kind) == ["check", "scan", "test"])
            let lastStart = try #require(validate.map(\.startedAt).max())
            let slowestEnd = try #require(validate.compactMap(\.finishedAt).max())
            #expect(lastStart < slowestEnd, "a validate step waited for the others")

            // The contract suite ran twice: on mocks, then against staging; every case recorded.
            let onMocks = run.testCases.filter { $0.stepId == "validate.1.3" }
            let onStaging = run.testCases.filter { $0.stepId == "staging.2" }
            #expect(onMocks.count == 3 && onStaging.count == 3)
            #expect(run.testCases.allSatisfy { $0.passed })
            #expect(onMocks.contains { $0.name == "EU models stay on the EU provider" })

            // staging went in straight, production by canary from the baseline's revision.
            let baselineProduction = try PipelineHarness.compiledRevision(of: baseline, environment: "production").id
            let newProduction = try PipelineHarness.compiledRevision(of: file, environment: "production").id
            #expect(baselineProduction != newProduction)
            let canary = try #require(
                run.deployments.first { $0.environment == "production" && $0.strategy == "canary" })
            #expect(canary.outcome == .promoted)
            #expect(canary.previousRevisionId == baselineProduction)
            #expect(canary.revisionId == newProduction)
            #expect(
                run.deployments.contains {
                    $0.environment == "staging" && $0.strategy == "deploy" && $0.outcome == .promoted
                })

            // Gates were judged with what they saw.
            let analyses = run.gateEvaluations.filter { $0.stepId == "production.1" && $0.kind == .analysis }
            #expect(!analyses.isEmpty)
            #expect(analyses.allSatisfy { !$0.observed.isEmpty && $0.observed["canary.requests"] != nil })
            #expect(analyses.contains { $0.verdict == .pass && ($0.observed["canary.requests"] ?? 0) >= 10 })
            #expect(run.gateEvaluations.contains { $0.kind == .check && $0.verdict == .pass })

            // Switching weights under synthetic load lost no request.
            let canaryMessage = run.step("production.1")?.message ?? ""
            #expect(canaryMessage.contains("promoted"), "\(canaryMessage)")
            #expect(canaryMessage.contains("none lost"), "\(canaryMessage)")
            #expect(run.events.contains { $0.kind == .promoted && $0.environment == "production" })

            // A second run with no baseline starts from the store's stable revisions: nothing moves.
            let again = try await harness.run(file)
            #expect(again.exitCode == 0, "\(again.summary)")
            let second = again.step("production.1")?.message ?? ""
            #expect(second.contains("already serves") && second.contains("nothing to roll out"), "\(second)")
            #expect(again.deployments.isEmpty, "the second run moved something: \(again.deployments)")
            #expect(try harness.openStore().stableRevision(environment: "production")?.id == newProduction)
        }

        @Test func failingCanaryRollsBackByItselfAndExitsOne() async throws {
            let scale = 0.1
            let (harness, run) = try await runExample("canary-rollback", scale: scale)
            let baseline = PipelineHarness.repositoryFile("examples/canary-rollback/baseline.gwpipe")
            #expect(run.exitCode == 1, "\(run.summary)")
            #expect(run.outcome.status == .failed)
            #expect(run.detail?.run.status == .failed)

            let canary = try #require(run.deployments.first { $0.strategy == "canary" })
            #expect(canary.outcome == .rolledBack)
            let baselineId = try PipelineHarness.compiledRevision(of: baseline, environment: "production").id
            #expect(canary.previousRevisionId == baselineId)
            #expect(run.step("production.1")?.status == .failed)
            #expect(run.step("production.1")?.message?.contains("canary aborted") == true)

            // The first failing evaluation (a failed gate, or an abort condition starting to hold)
            // and the rollback: within abort window + analysis interval + 1 s, all scaled.
            let failing = run.gateEvaluations.filter {
                $0.verdict == .fail && ($0.kind == .analysis || $0.kind == .abort)
            }
            let first = try #require(failing.first, "no failed gate or abort evaluation: \(run.summary)")
            let rolledBackAt = try #require(canary.finishedAt)
            let allowed = (2.0 + 2.0 + 1.0) * scale
            let timeline = run.gateEvaluations.map {
                String(
                    format: "%+.2fs %@ %@ %@", $0.at.timeIntervalSince(first.at), $0.kind.rawValue, $0.verdict.rawValue,
                    $0.expression)
            }
            let delay = rolledBackAt.timeIntervalSince(first.at)
            #expect(
                delay <= allowed,
                "rollback came \(delay)s after the first failing evaluation:\n\(timeline.joined(separator: "\n"))")
            #expect(rolledBackAt >= first.at)

            // `on failure` ran its rollback step, and the environment is back on the baseline.
            let onFailure = try #require(run.step("on_failure.1"))
            #expect(onFailure.kind == "rollback")
            #expect(onFailure.status == .passed, "\(onFailure.message ?? "")")
            #expect(run.stage("on failure")?.status == .passed)
            #expect(run.events.contains { $0.kind == .rolledBack })

            let html = harness.contents(harness.reportPath)
            #expect(html.contains("swatch rollback"), "the report marks no rollback")
            let junit = harness.contents(harness.junitPath)
            #expect(junit.contains("<failure"))
        }
    }
}
