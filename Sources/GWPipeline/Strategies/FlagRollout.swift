import Foundation
import GWPlan
import GWProxy
import GWStateStore

/// `flag NAME rollout on ENV { step P% for D; analyze ... }`: raises the share of callers a flag is on
/// for, at runtime, with no redeploy; gates compare callers with the flag on (`canary.`) against
/// those with it off (`stable.`). A failure puts the share back where it was.
struct FlagRollout {
    let context: RunContext
    let step: StepRecord
    let strategy: StrategyPlan

    func run() async throws -> String {
        guard let flag = strategy.flag else { throw PipelineError(.configuration, "\(step.location): a flag rollout needs a flag") }
        let handle = try await context.environment(strategy.environment)
        let name = handle.name
        let status = try await handle.instances[0].checked("read the status of") { try await $0.status() }
        guard let served = status.stable else {
            throw PipelineError(.failed, "\(name) serves no revision yet: deploy it before rolling out flag \(flag)")
        }
        let before = status.flagRollouts[flag] ?? 0
        // The share found before this run touched the flag, kept (as observed, by no run) when the
        // store does not already say so: a resumed run's `rollback` reads it back from there.
        let recorded = try context.recorder.store.flags(environment: name).first { $0.flag == flag }?.percent
        if recorded != before, context.flagsMoved(name)[flag] == nil {
            try context.recorder.observedFlag(environment: name, flag: flag, percent: before)
        }
        context.noteFlagMoved(name, flag: flag, before: before)
        let setShare: @Sendable (Double) async throws -> Void = { percent in
            for instance in handle.instances {
                try await instance.checked("set flag \(flag) on") { try await $0.setFlagRollout(flag, percent: percent) }
            }
        }
        let timeout = context.options.rollbackTimeoutSeconds
        let restoreShare: @Sendable () async -> RollbackReport = {
            await FleetCall.run(handle.instances, timeoutSeconds: timeout, action: "set flag \(flag) back on") {
                try await $0.control.setFlagRollout(flag, percent: before)
            }
        }
        let rollbackKey = "\(context.runId):\(step.stepId)"
        context.rollouts.register(rollbackKey, rollback: restoreShare)
        defer { context.rollouts.unregister(rollbackKey) }
        var traffic: SyntheticTraffic?
        var current = before
        do {
            if let rate = strategy.syntheticRps { traffic = try SyntheticTraffic.start(handle, rate: rate / context.clock.scale) }
            var watch = RolloutWatch(
                strategy: strategy, context: context, step: step, environment: name, sides: .flag(flag, handle),
                revisions: ["canary": served, "stable": served])
            let decision = RolloutDecision(context: context, onFail: strategy.onFail, onInconclusive: strategy.onInconclusive)
            for (index, rolloutStep) in strategy.steps.enumerated() {
                try await setShare(rolloutStep.percent)
                current = rolloutStep.percent
                try context.recorder.flag(environment: name, flag: flag, percent: current)
                try context.recorder.trafficShifted(
                    environment: name, weight: current, step: step,
                    detail: "step \(index + 1)/\(strategy.steps.count): flag \(flag) on for \(RolloutDecision.percent(current)) of callers for \(Short.duration(rolloutStep.durationMs))")
                let verdict = try await watch.watch(seconds: context.clock.seconds(milliseconds: rolloutStep.durationMs), weight: current)
                if let reason = try await decision.stopReason(for: verdict, weight: current) {
                    throw PipelineError(.failed, "flag \(flag) rollout stopped at \(RolloutDecision.percent(current)): \(reason)")
                }
            }
        } catch {
            _ = await traffic?.stop()
            let report = await Task.detached { await restoreShare() }.value
            let cause = error is CancellationError ? "cancelled" : ((error as? PipelineError)?.message ?? "\(error)")
            guard report.succeeded else {
                // The share is not what it was on every instance: say where, and record no share.
                let message = "\(cause); flag \(flag) not back to \(RolloutDecision.percent(before)): \(report.failureSummary)"
                try? context.recorder.audit("flag.rollback_failed", environment: name, detail: message)
                throw PipelineError(.infrastructure, message)
            }
            try? context.recorder.flag(environment: name, flag: flag, percent: before)
            try? context.recorder.audit("rollback", environment: name, detail: "flag \(flag) back to \(RolloutDecision.percent(before))")
            context.recorder.emit(
                RunEvent(kind: .rolledBack, runId: context.runId, stage: step.stage, stepId: step.stepId,
                         message: "flag \(flag) back to \(RolloutDecision.percent(before))", environment: name, weight: before))
            if error is CancellationError { throw error }
            let failure = error as? PipelineError ?? PipelineError(.infrastructure, "\(error)")
            throw PipelineError(failure.kind, "\(failure.message); flag \(flag) back to \(RolloutDecision.percent(before))")
        }
        let report = await traffic?.stop()
        let message = "flag \(flag) on for \(RolloutDecision.percent(current)) of callers in \(name)"
        return [message, TrafficSummary.describe(report)].filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
