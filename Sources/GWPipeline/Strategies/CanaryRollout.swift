import Foundation
import GWPlan
import GWProxy
import GWStateStore
import NIOConcurrencyHelpers

/// `canary ENV { step ...; analyze ...; abort when ... }`: the new revision goes to the canary slot at
/// weight 0, is health-checked, then takes each step's share of callers while the gates watch; after
/// the last step it is promoted. A failed gate or a held abort condition puts all traffic back on
/// stable at once and drops the canary.
struct CanaryRollout {
    let context: RunContext
    let step: StepRecord
    let strategy: StrategyPlan

    func run() async throws -> String {
        let target = try await RolloutTarget.prepare(strategy.environment, in: context)
        let (handle, name, newId, revision, stable) = (target.handle, target.name, target.newId, target.revision, target.stable)
        if stable == newId {
            return "\(name) already serves \(Short.id(newId)): nothing to roll out"
        }
        guard let stable else {
            // Nothing to compare a canary against: the first revision goes in straight.
            let message = try await StraightDeploy(context: context, step: step).run(handle, strategy: "canary")
            return "no stable revision in \(name) yet: " + message
        }
        let deployment = try context.recorder.deploymentStarted(
            environment: name, revisionId: newId, previous: stable, strategy: "canary")
        context.noteMoved(name)
        // Instances whose canary became stable: a promote that fails part-way leaves the others
        // with their canary, and these on the new revision; putting them back is a redeploy of stable.
        let promoted = NIOLockedValueBox<Set<String>>([])
        let timeout = context.options.rollbackTimeoutSeconds
        var rollout = RolloutGuard(
            context: context, step: step, deployment: deployment,
            rollBack: {
                let done = promoted.withLockedValue { $0 }
                async let dropped = FleetCall.run(
                    handle.instances.filter { !done.contains($0.name) }, timeoutSeconds: timeout, action: "drop the canary on"
                ) { try await $0.control.rollback() }
                async let redeployed = FleetCall.run(
                    handle.instances.filter { done.contains($0.name) }, timeoutSeconds: timeout,
                    action: "redeploy \(Short.id(stable)) on"
                ) { try await $0.control.deploy(revisionID: stable) }
                return await dropped.merged(with: await redeployed)
            },
            back: { _ in "all traffic back on \(Short.id(stable))" })
        defer { rollout.release() }
        do {
            for instance in handle.instances {
                try await instance.checked("upload \(Short.id(newId)) to") { try await $0.upload(revision, id: newId) }
                try await instance.checked("load the canary on") { try await $0.split(canary: newId, weight: 0) }
                let status = try await instance.checked("read the status of") { try await $0.status() }
                guard status.canary == newId else {
                    throw PipelineError(.failed, "\(instance.name) did not load \(Short.id(newId)) as its canary")
                }
                if let url = instance.dataURL { try await HealthCheck.wait(baseURL: url) }
            }
            context.recorder.output("canary \(Short.id(newId)) loaded at 0% beside stable \(Short.id(stable))", step: step)
            try rollout.startTraffic(handle, rate: strategy.syntheticRps)
            var watch = RolloutWatch(
                strategy: strategy, context: context, step: step, environment: name, sides: .slots(handle),
                revisions: ["stable": stable, "canary": newId])
            let decision = RolloutDecision(context: context, onFail: strategy.onFail, onInconclusive: strategy.onInconclusive)
            for (index, trafficStep) in strategy.steps.enumerated() {
                let weight = trafficStep.percent
                for instance in handle.instances {
                    try await instance.checked("set the canary weight on") { try await $0.split(canary: newId, weight: weight) }
                }
                try context.recorder.trafficShifted(
                    environment: name, weight: weight, step: step,
                    detail: "step \(index + 1)/\(strategy.steps.count): canary \(Short.id(newId)) at \(RolloutDecision.percent(weight)) for \(Short.duration(trafficStep.durationMs))")
                let verdict = try await watch.watch(seconds: context.clock.seconds(milliseconds: trafficStep.durationMs), weight: weight)
                if let reason = try await decision.stopReason(for: verdict, weight: weight) {
                    throw await rollout.abort("canary aborted at \(RolloutDecision.percent(weight)): \(reason)")
                }
            }
            for instance in handle.instances {
                try await instance.checked("promote the canary on") { try await $0.promote() }
                _ = promoted.withLockedValue { $0.insert(instance.name) }
            }
            return try await rollout.promoted("promoted \(Short.id(newId)) in \(name) after \(strategy.steps.count) steps")
        } catch {
            // Stopped by its gates (already back), or cancelled / broken part-way: back before anything else.
            throw await rollout.fail(error)
        }
    }
}
