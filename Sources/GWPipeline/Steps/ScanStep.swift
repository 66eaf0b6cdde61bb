import GWPlan
import GWScan

/// `scan`: the security rules over the program and its plan. Error-level findings fail the step;
/// all findings go to `--sarif`.
struct ScanStep {
    let context: RunContext
    let plan: StepPlan

    func run() throws -> String {
        let findings = SecurityScanner.scan(model: context.input.model, plan: context.plan)
        context.sarifInputs.withLockedValue { $0.findings = findings }
        let errors = findings.filter { $0.severity == .error }
        let warnings = findings.filter { $0.severity == .warning }.count
        let summary = "\(findings.count) finding\(findings.count == 1 ? "" : "s"): \(errors.count) errors, \(warnings) warnings"
        guard let first = errors.first else { return summary }
        throw PipelineError(.failed, "\(summary); first: \(first.location): \(first.message) [\(first.ruleId)]")
    }
}
