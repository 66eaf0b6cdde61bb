import Foundation
import GWStateStore

/// The text tables of `gwpipe history`: runs, deployments, and one run's steps, test cases,
/// gate evaluations and deployments.
enum HistoryRendering {
    static func runTable(_ runs: [RunRecord]) -> String {
        var rows = [["RUN", "STARTED (UTC)", "PIPELINE", "STATUS", "DURATION", "COMMIT", "MESSAGE"]]
        for run in runs {
            rows.append([
                "\(run.id)", HistoryText.timestamp(run.startedAt), run.pipeline, status(of: run),
                HistoryText.span(from: run.startedAt, to: run.finishedAt), HistoryText.shortCommit(run.gitCommit),
                HistoryText.oneLine(run.message),
            ])
        }
        return HistoryText.table(rows, indent: "  ")
    }

    private static func status(of run: RunRecord) -> String {
        if run.status == .waitingApproval, let step = run.waitingAt { return "waiting_approval at \(step)" }
        return run.status.rawValue
    }

    /// Deployments with the commit their revision came from (when the revision is recorded).
    static func deploymentTable(_ deployments: [DeploymentRecord], store: StateStore, includeEnvironment: Bool) throws
        -> String
    {
        var header = ["ID", "STARTED (UTC)", "REVISION", "STRATEGY", "OUTCOME", "COMMIT", "RUN", "DURATION", "MESSAGE"]
        if includeEnvironment { header.insert("ENVIRONMENT", at: 2) }
        var rows = [header]
        var commits: [String: String?] = [:]
        for deployment in deployments {
            if commits[deployment.revisionId] == nil {
                commits[deployment.revisionId] = .some(try store.revision(id: deployment.revisionId)?.gitCommit)
            }
            var row = [
                "\(deployment.id)", HistoryText.timestamp(deployment.startedAt),
                HistoryText.shortRevision(deployment.revisionId), deployment.strategy, deployment.outcome.rawValue,
                HistoryText.shortCommit(commits[deployment.revisionId] ?? nil), deployment.runId.map { "\($0)" } ?? "-",
                HistoryText.span(from: deployment.startedAt, to: deployment.finishedAt),
                HistoryText.oneLine(deployment.message),
            ]
            if includeEnvironment { row.insert(deployment.environment, at: 2) }
            rows.append(row)
        }
        return HistoryText.table(rows, indent: "  ")
    }

    static func runDetail(_ detail: RunDetail, store: StateStore) throws -> String {
        let run = detail.run
        var text = "Run \(run.id) of \(run.pipeline) (\(run.file)): \(status(of: run))"
        if let code = run.exitCode { text += ", exit \(code)" }
        text += "\n  started \(HistoryText.timestamp(run.startedAt)) UTC"
        if let finished = run.finishedAt {
            let took = HistoryText.span(from: run.startedAt, to: finished)
            text += ", finished \(HistoryText.timestamp(finished)) UTC (\(took))"
        }
        text += "\n  commit \(HistoryText.shortCommit(run.gitCommit))"
        if let branch = run.gitBranch { text += " on \(branch)" }
        text += ", by \(run.actor)\n"
        if let resumed = run.resumeOf { text += "  resumes run \(resumed)\n" }
        if let message = run.message { text += "  \(HistoryText.oneLine(message))\n" }

        text += "\nSteps:\n"
        text += detail.steps.isEmpty ? "  none recorded\n" : stepTable(detail.steps, runStart: run.startedAt)
        if !detail.testCases.isEmpty { text += "\n" + testCaseSummary(detail.testCases) }
        if !detail.gateEvaluations.isEmpty {
            text += "\nGate evaluations:\n" + gateTable(detail.gateEvaluations, runStart: run.startedAt)
        }
        if !detail.deployments.isEmpty {
            text += "\nDeployments:\n"
            text += try deploymentTable(detail.deployments, store: store, includeEnvironment: true)
        }
        return text
    }

    private static func stepTable(_ steps: [StepRecord], runStart: Date) -> String {
        var rows = [["STEP", "KIND", "STATUS", "START", "DURATION", "TITLE", "MESSAGE"]]
        for step in steps {
            rows.append([
                step.kind == "stage" ? step.stepId : "  " + step.stepId, step.kind, step.status.rawValue,
                HistoryText.offset(step.startedAt, from: runStart),
                HistoryText.span(from: step.startedAt, to: step.finishedAt), step.title,
                HistoryText.oneLine(step.message),
            ])
        }
        return HistoryText.table(rows, indent: "  ")
    }

    private static func testCaseSummary(_ cases: [TestCaseRecord]) -> String {
        let failed = cases.filter { !$0.passed && !$0.skipped }
        let skipped = cases.count { $0.skipped }
        var text = "Test cases: \(cases.count - failed.count - skipped) passed, \(failed.count) failed"
            + (skipped > 0 ? ", \(skipped) skipped\n" : "\n")
        for testCase in failed {
            text += "  \(testCase.location): \(testCase.suite) / \(testCase.name)\n"
            for line in (testCase.message ?? "failed").split(separator: "\n") { text += "    \(line)\n" }
        }
        return text
    }

    private static func gateTable(_ evaluations: [GateEvaluationRecord], runStart: Date) -> String {
        var rows = [["AT", "STEP", "KIND", "VERDICT", "WEIGHT", "GATE", "OBSERVED"]]
        for evaluation in evaluations {
            let observed = evaluation.observed.keys.sorted()
                .map { "\($0)=\(HistoryText.number(evaluation.observed[$0] ?? 0))" }.joined(separator: " ")
            rows.append([
                HistoryText.offset(evaluation.at, from: runStart), evaluation.stepId, evaluation.kind.rawValue,
                evaluation.verdict.rawValue, evaluation.weight.map { HistoryText.number($0) + "%" } ?? "-",
                evaluation.expression, observed.isEmpty ? "-" : observed,
            ])
        }
        return HistoryText.table(rows, indent: "  ")
    }
}
