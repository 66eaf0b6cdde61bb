import Foundation
import GWPlan
import GWStateStore
import GWSyntax

/// `check`: the type check already ran before the pipeline started (a run never starts on a file
/// with errors); this step records its result as a gate and hands its diagnostics to `--sarif`.
struct CheckStep {
    let context: RunContext
    let plan: StepPlan

    func run() throws -> String {
        let diagnostics = context.input.diagnostics
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        context.sarifInputs.withLockedValue { $0.diagnostics = diagnostics }
        let files = context.input.model.program.files.count
        let summary = "\(files) file\(files == 1 ? "" : "s") checked: \(errors) errors, \(warnings) warning\(warnings == 1 ? "" : "s")"
        try context.recorder.gate(
            GateEvaluationRecord(
                runId: context.runId, stepId: plan.id, environment: "", at: Date(), kind: .check, expression: "check",
                location: plan.location, verdict: errors == 0 ? .pass : .fail,
                observed: ["errors": Double(errors), "warnings": Double(warnings)], weight: nil, windowSeconds: 0),
            stage: plan.stage, summary: "check: " + summary)
        if errors > 0 { throw PipelineError(.failed, summary) }
        return summary
    }
}
