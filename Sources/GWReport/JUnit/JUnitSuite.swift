import Foundation
import GWStateStore

/// One `<testsuite>`: a stage with a case per step and, under a `test` step, a case per contract
/// test case it ran.
struct JUnitSuite: Sendable {
    var name: String
    var timestamp: Date
    var seconds: Double
    var cases: [JUnitCase]

    var tests: Int { cases.count }
    var failures: Int { cases.filter { if case .failure = $0.outcome { true } else { false } }.count }
    var errors: Int { cases.filter { if case .error = $0.outcome { true } else { false } }.count }
    var skipped: Int { cases.filter { if case .skipped = $0.outcome { true } else { false } }.count }

    init(group: StageGroup, detail: RunDetail, clock: RunClock) {
        name = group.name
        let first = group.row ?? group.steps.first
        timestamp = first?.startedAt ?? detail.run.startedAt
        if let row = group.row {
            seconds = clock.seconds(of: row)
        } else {
            let start = group.steps.map(\.startedAt).min() ?? detail.run.startedAt
            let end = group.steps.map { $0.finishedAt ?? clock.latest }.max()
            seconds = clock.seconds(from: start, to: end)
        }
        // A stage that never got as far as its steps (skipped after an earlier failure) still shows
        // as one case, so the count of skipped work is right.
        let steps = group.steps.isEmpty ? group.row.map { [$0] } ?? [] : group.steps
        cases = steps.flatMap { step in
            let evaluations = detail.gateEvaluations.filter { $0.stepId == step.stepId }
            var cases = [JUnitCase(step: step, evaluations: evaluations, run: detail.run, clock: clock)]
            if step.kind == StepKinds.test {
                cases += detail.testCases.filter { $0.stepId == step.stepId }.map(JUnitCase.init(testCase:))
            }
            return cases
        }
    }
}
