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
        let timeout = context.options.rollbackTimeoutSeconds
        // A canary still loaded (a strategy stopped part-way) goes first.
        if current.canary != nil {
            let dropped = await FleetCall.run(handle.instances, timeoutSeconds: timeout, action: "drop the canary on") {
                try await $0.control.rollback()
            }
            if !dropped.succeeded { throw PipelineError(.infrastructure, "rollback of \(name): \(dropped.failureSummary)") }
        }
        guard let target = context.stableBeforeRun(name) else {
            return "\(name) had no stable revision before this run: nothing to go back to"
        }
        guard current.stable != target else {
            return "\(name) serves \(Short.id(target)), its revision before this run"
        }
        let deployment = try context.recorder.deploymentStarted(
            environment: name, revisionId: target, previous: current.stable, strategy: "rollback")
        // Every instance at once, each with its deadline: one that hangs keeps none of the others waiting.
        let report = await FleetCall.run(handle.instances, timeoutSeconds: timeout, action: "roll back") {
            try await $0.control.deploy(revisionID: target)
        }
        guard report.succeeded else {
            let message = "rollback of \(name) to \(Short.id(target)) failed: \(report.failureSummary)"
            try? context.recorder.deploymentFinished(deployment, outcome: .failed, message: message, step: step)
            throw PipelineError(.infrastructure, message)
        }
        let message = "rolled \(name) back to \(Short.id(target))"
        try context.recorder.deploymentFinished(deployment, outcome: .promoted, message: message, step: step)
        return message
    }
}
