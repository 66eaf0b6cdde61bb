import GWStateStore

/// One `<testcase>` of the JUnit report: a step, or a contract test case under its `test` step.
struct JUnitCase: Sendable {
    /// How the case ended, in JUnit's terms.
    enum Outcome: Sendable {
        case passed
        /// A gate, test or command said no.
        case failure(message: String, type: String, body: String)
        /// The step did not finish: cancelled, interrupted, still running.
        case error(message: String, type: String, body: String)
        case skipped(message: String)
    }

    var classname: String
    var name: String
    var seconds: Double
    var outcome: Outcome
    var systemOut: String?

    /// The step's case; a failed step's body lists the gate evaluations of that step that failed,
    /// each with what it observed.
    init(step: StepRecord, evaluations: [GateEvaluationRecord], run: RunRecord, clock: RunClock) {
        classname = step.stage
        name = step.title
        seconds = clock.seconds(of: step)
        systemOut = step.output.map(TerminalText.plain).flatMap { $0.isEmpty ? nil : $0 }
        let location = "at \(step.location)"
        switch step.status {
        case .passed:
            outcome = .passed
        case .failed:
            let failed = evaluations.filter { $0.verdict == .fail }
            let message =
                step.message ?? failed.first.map { "\(Self.label($0.kind)) \($0.expression) failed" } ?? "failed"
            let body = ([message] + failed.map(Self.describe) + [location]).joined(separator: "\n")
            outcome = .failure(message: message, type: step.kind, body: body)
        case .skipped:
            outcome = .skipped(message: step.message ?? "not run: an earlier stage failed")
        case .waiting:
            outcome = .skipped(message: step.message ?? "waiting for approval")
        case .cancelled:
            let message = step.message ?? "cancelled"
            outcome = .error(message: message, type: "cancelled", body: "\(message)\n\(location)")
        case .running:
            let message =
                switch run.status {
                case .running: "still running when this report was written"
                case .interrupted: "did not finish: the run was interrupted"
                default: "did not finish"
                }
            outcome = .error(message: message, type: "unfinished", body: "\(message)\n\(location)")
        }
    }

    /// A contract test case, named by its suite.
    init(testCase: TestCaseRecord) {
        classname = testCase.suite
        name = testCase.name
        seconds = max(0, testCase.durationMs.isFinite ? testCase.durationMs / 1000 : 0)
        systemOut = nil
        if testCase.skipped {
            outcome = .skipped(message: testCase.message ?? "skipped")
        } else if testCase.passed {
            outcome = .passed
        } else {
            let message = testCase.message ?? "failed"
            outcome = .failure(message: message, type: "contract", body: "\(message)\nat \(testCase.location)")
        }
    }

    static func label(_ kind: GateEvaluationRecord.Kind) -> String {
        switch kind {
        case .analysis, .oneoff: "gate"
        case .abort: "abort condition"
        case .check: "check"
        }
    }

    /// `gate error_rate < 1% failed at 2025-03-01 12:00:31 UTC (weight 5%, 10 s window):
    /// canary.error_rate = 7.2, canary.requests = 340 (release.gwpipe:20:9)`.
    static func describe(_ evaluation: GateEvaluationRecord) -> String {
        var context = ["\(ReportFormat.compact(evaluation.windowSeconds)) s window"]
        if let weight = evaluation.weight { context.insert("weight \(ReportFormat.compact(weight))%", at: 0) }
        return "\(label(evaluation.kind)) \(evaluation.expression) failed at \(ReportFormat.timestamp(evaluation.at))"
            + " (\(context.joined(separator: ", "))): \(GateText.observed(evaluation)) (\(evaluation.location))"
    }
}
