import GWPlan
import GWStateStore

/// `rollback ENV` (usually in `on failure`): puts ENV back on the revision it served before this run.
/// Strategies roll themselves back when their gates fail; this undoes what a straight `deploy` or a
/// promoted rollout of an earlier stage moved.
struct RollbackStep {
    let context: RunContext
    let step: StepRecord
    let plan: StepPlan

    func run() async throws -> String {
        guard let name = plan.environment else { throw PipelineError(.configuration, "\(plan.location): rollback needs an environment") }
        guard context.hasMoved(name) else {
            return "\(name) was not changed by this run: nothing to roll back"
        }
        let handle = try await context.environment(name)
        let current = try await handle.instances[0].checked("read the status of") { try await $0.status() }
        // A canary still loaded (a strategy stopped part-way) goes first.
        for instance in handle.instances where current.canary != nil {
            try await instance.checked("drop the canary on") { try await $0.rollback() }
        }
        guard let target = context.stableBeforeRun(name) else {
            return "\(name) had no stable revision before this run: nothing to go back to"
        }
        guard current.stable != target else {
            return "\(name) serves \(Short.id(target)), its revision before this run"
        }
        let deployment = try context.recorder.deploymentStarted(
            environment: name, revisionId: target, previous: current.stable, strategy: "rollback")
        do {
            for instance in handle.instances {
                try await instance.checked("roll back") { try await $0.deploy(revisionID: target) }
            }
        } catch {
            try? context.recorder.deploymentFinished(deployment, outcome: .failed, message: "rollback of \(name) failed: \(error)", step: step)
            throw error
        }
        let message = "rolled \(name) back to \(Short.id(target))"
        try context.recorder.deploymentFinished(deployment, outcome: .promoted, message: message, step: step)
        return message
    }
}
