import GWPlan
import GWStateStore

/// Picks the rollout a strategy step names.
struct StrategyExecutor {
    let context: RunContext
    let step: StepRecord
    let strategy: StrategyPlan

    func run() async throws -> String {
        switch strategy.kind {
        case "canary": return try await CanaryRollout(context: context, step: step, strategy: strategy).run()
        case "blue_green": return try await BlueGreenRollout(context: context, step: step, strategy: strategy).run()
        case "rolling": return try await RollingRollout(context: context, step: step, strategy: strategy).run()
        case "flag": return try await FlagRollout(context: context, step: step, strategy: strategy).run()
        default: throw PipelineError(.configuration, "\(step.location): unknown rollout '\(strategy.kind)'")
        }
    }
}
