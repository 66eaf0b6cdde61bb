import Foundation
import GWPlan
import GWProxy
import GWStateStore

/// `gate EXPR over D on ENV`: observes ENV for D, then judges the gate once over that window. In
/// it, `canary.` (the default) is all of ENV's traffic and `stable.` its stable slot.
struct GateStep {
    let context: RunContext
    let step: StepRecord
    let plan: StepPlan

    func run() async throws -> String {
        guard let gate = plan.gate, let name = plan.environment else {
            throw PipelineError(.configuration, "\(plan.location): a gate step needs a condition and an environment")
        }
        let handle = try await context.environment(name)
        let overMs = plan.overMs ?? 60_000
        try await context.clock.sleep(milliseconds: overMs)
        let window = max(2, context.clock.seconds(milliseconds: overMs))
        var all: [MetricsSnapshot] = []
        var stable: [MetricsSnapshot] = []
        for instance in handle.instances {
            all.append(try await instance.checked("read metrics of") { try await $0.metrics(lastSeconds: window, slot: nil) })
            stable.append(try await instance.checked("read metrics of") { try await $0.metrics(lastSeconds: window, slot: "stable") })
        }
        let result = GateEvaluator(minRequests: 1).evaluate(
            gate, sides: ["canary": .combined(all), "stable": .combined(stable)])
        try context.recorder.gate(
            GateEvaluationRecord(
                runId: context.runId, stepId: plan.id, environment: name, at: Date(), kind: .oneoff, expression: gate.source,
                location: gate.location, verdict: result.verdict, observed: result.observed, weight: nil, windowSeconds: window),
            stage: plan.stage, summary: "gate " + result.summary)
        switch result.verdict {
        case .pass: return result.summary
        case .fail: throw PipelineError(.failed, result.summary)
        case .inconclusive: throw PipelineError(.failed, "\(result.summary): a one-off gate needs traffic in its window")
        }
    }
}
