import Foundation
import GWPipeline
import GWStateStore

/// Everything one run left behind: how it ended, what the console showed, the state store's record
/// of it, and the events file.
struct RunResult: Sendable {
    var outcome: RunOutcome
    var output: String
    /// nil when the run was refused before it was recorded.
    var detail: RunDetail?
    var events: [RunEvent]
    /// Every deployment in the store, this run's and earlier ones.
    var allDeployments: [DeploymentRecord]

    var exitCode: Int32 { outcome.exitCode }

    func step(_ id: String) -> StepRecord? {
        detail?.steps.first { $0.stepId == id && $0.kind != "stage" }
    }

    func stage(_ name: String) -> StepRecord? {
        detail?.steps.first { $0.stepId == name && $0.kind == "stage" }
    }

    var deployments: [DeploymentRecord] { detail?.deployments ?? [] }

    var gateEvaluations: [GateEvaluationRecord] { detail?.gateEvaluations ?? [] }

    var testCases: [TestCaseRecord] { detail?.testCases ?? [] }

    /// For failure messages: the outcome and each step as `id status: message`.
    var summary: String {
        let steps = (detail?.steps ?? []).map { "  \($0.stepId) \($0.status.rawValue): \($0.message ?? "")" }
        return (["exit \(outcome.exitCode) \(outcome.status.rawValue): \(outcome.message)"] + steps).joined(
            separator: "\n")
    }
}
