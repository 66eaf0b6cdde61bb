import GWPlan
import GWStateStore

/// `deploy ENV`: the file's revision for ENV replaces what it serves, at once, health-checked.
struct DeployStep {
    let context: RunContext
    let step: StepRecord
    let plan: StepPlan

    func run() async throws -> String {
        guard let name = plan.environment else { throw PipelineError(.configuration, "\(plan.location): deploy needs an environment") }
        let handle = try await context.environment(name)
        return try await StraightDeploy(context: context, step: step).run(handle)
    }
}
