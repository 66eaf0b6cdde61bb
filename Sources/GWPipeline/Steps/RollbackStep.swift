import Foundation
import GWPlan
import GWProxy
import GWStateStore

/// `rollback ENV` (usually in `on failure`): puts ENV back on the revision it served before this run,
/// and every flag share this run changed there back to what it was. Strategies roll themselves back
/// when their gates fail; this undoes what a straight `deploy`, a promoted rollout or a finished flag
/// rollout of an earlier stage moved (in a resumed run too: what moved comes from the store).
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
        // Flag shares first: they change no revision, and a flag left on would outlive any redeploy.
        let flags = try await restoreFlags(handle, current: current)
        func finish(_ message: String) -> String { (flags + [message]).joined(separator: "; ") }
        // A canary still loaded (a strategy stopped part-way) goes next.
        if current.canary != nil {
            let dropped = await FleetCall.run(handle.instances, timeoutSeconds: timeout, action: "drop the canary on") {
                try await $0.control.rollback()
            }
            if !dropped.succeeded { throw PipelineError(.infrastructure, "rollback of \(name): \(dropped.failureSummary)") }
        }
        guard let target = context.stableBeforeRun(name) else {
            return finish("\(name) had no stable revision before this run: nothing to go back to")
        }
        guard current.stable != target else {
            return finish("\(name) serves \(Short.id(target)), its revision before this run")
        }
        let deployment = try context.recorder.deploymentStarted(
            environment: name, revisionId: target, previous: current.stable, strategy: "rollback")
        // A gateway started afresh (a resumed run's embedded one) keeps only what it serves: it gets
        // the revision to go back to from the store.
        var upload: GatewayRevision?
        if !current.revisions.contains(target), let record = try context.recorder.store.revision(id: target) {
            upload = try? CanonicalJSON.decode(GatewayRevision.self, from: record.canonicalJSON)
        }
        // Every instance at once, each with its deadline: one that hangs keeps none of the others waiting.
        let report = await FleetCall.run(handle.instances, timeoutSeconds: timeout, action: "roll back") { [upload] instance in
            if let upload { try await instance.control.upload(upload, id: target) }
            try await instance.control.deploy(revisionID: target)
        }
        guard report.succeeded else {
            let message = "rollback of \(name) to \(Short.id(target)) failed: \(report.failureSummary)"
            // As `gwpipe rollback` records it: a rollback that did not take is not just a failed deploy.
            try? context.recorder.deploymentFinished(deployment, outcome: .rollbackFailed, message: message, step: step)
            throw PipelineError(.infrastructure, message)
        }
        let message = "rolled \(name) back to \(Short.id(target))"
        try context.recorder.deploymentFinished(deployment, outcome: .promoted, message: message, step: step)
        return finish(message)
    }

    /// Puts each flag this run changed in the environment back to its share before the run; says
    /// what it did, one phrase per flag.
    private func restoreFlags(_ handle: EnvironmentHandle, current: GatewayStatus) async throws -> [String] {
        let name = handle.name
        var done: [String] = []
        for (flag, before) in context.flagsMoved(name).sorted(by: { $0.key < $1.key }) {
            let recorded = try context.recorder.store.flags(environment: name).first { $0.flag == flag }?.percent
            if (current.flagRollouts[flag] ?? 0) == before, recorded == nil || recorded == before { continue }
            let report = await FleetCall.run(
                handle.instances, timeoutSeconds: context.options.rollbackTimeoutSeconds, action: "set flag \(flag) back on"
            ) { try await $0.control.setFlagRollout(flag, percent: before) }
            guard report.succeeded else {
                throw PipelineError(
                    .infrastructure, "rollback of flag \(flag) in \(name) to \(RolloutDecision.percent(before)): \(report.failureSummary)")
            }
            try context.recorder.flag(environment: name, flag: flag, percent: before)
            let message = "flag \(flag) back to \(RolloutDecision.percent(before))"
            try context.recorder.audit("rollback", environment: name, detail: message)
            context.recorder.emit(
                RunEvent(kind: .rolledBack, runId: context.runId, stage: step.stage, stepId: step.stepId, message: message,
                         environment: name, weight: before))
            done.append(message)
        }
        return done
    }
}
