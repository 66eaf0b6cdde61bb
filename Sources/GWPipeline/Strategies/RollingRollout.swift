import Foundation
import GWPlan
import GWProxy
import GWStateStore
import NIOConcurrencyHelpers

/// `rolling ENV { batch N; pause D; health "/readyz"; abort when ... }`: the fleet's instances move to
/// the new revision a batch at a time — upload, swap, health-check, then a pause while the abort
/// conditions (and gates) watch the updated instances. A failure puts every updated instance back
/// on the revision it served before.
struct RollingRollout {
    let context: RunContext
    let step: StepRecord
    let strategy: StrategyPlan

    func run() async throws -> String {
        let target = try await RolloutTarget.prepare(strategy.environment, in: context)
        let (handle, name, newId, revision) = (target.handle, target.name, target.newId, target.revision)
        var before: [String: String?] = [:]
        for instance in handle.instances {
            before[instance.name] = try await instance.checked("read the status of") { try await $0.status() }.stable
        }
        let previous = before
        let pending = handle.instances.filter { previous[$0.name] != .some(newId) }
        if pending.isEmpty { return "every instance of \(name) already serves \(Short.id(newId)): nothing to roll out" }
        let stableBefore = previous[handle.instances[0].name] ?? nil
        let deployment = try context.recorder.deploymentStarted(
            environment: name, revisionId: newId, previous: stableBefore, strategy: "rolling")
        context.noteMoved(name)
        let batchSize = max(1, strategy.batch ?? 1)
        let health = strategy.health ?? "/readyz"
        // Shared with the metrics reader, which runs in other tasks.
        let updatedNames = NIOLockedValueBox<Set<String>>([])
        // The instances moved so far, in order: what a rollback puts back.
        let updated = NIOLockedValueBox<[GatewayInstance]>([])
        let timeout = context.options.rollbackTimeoutSeconds
        var rollout = RolloutGuard(
            context: context, step: step, deployment: deployment,
            // Every updated instance back on what it served before, all at once (one that served
            // nothing has nothing to go back to).
            rollBack: {
                await FleetCall.run(
                    updated.withLockedValue { $0 }.filter { (previous[$0.name] ?? nil) != nil }, timeoutSeconds: timeout,
                    action: "restore"
                ) { instance in
                    guard let before = previous[instance.name] ?? nil else { return }
                    try await instance.control.deploy(revisionID: before)
                }
            },
            back: { report in "\(report.instances) of \(updated.withLockedValue { $0.count }) updated instance(s) restored" })
        defer { rollout.release() }
        do {
            var watch = RolloutWatch(
                strategy: strategy, context: context, step: step, environment: name,
                sides: MetricsSides { side, window in
                    // The updated instances are the canary side, the others stable.
                    let names = updatedNames.withLockedValue { $0 }
                    let instances = handle.instances.filter { side == "canary" ? names.contains($0.name) : !names.contains($0.name) }
                    var snapshots: [MetricsSnapshot] = []
                    for instance in instances {
                        snapshots.append(try await instance.checked("read metrics of") { try await $0.metrics(lastSeconds: window, slot: nil) })
                    }
                    return MetricsSnapshot.combined(snapshots)
                }, revisions: ["canary": newId, "stable": stableBefore ?? ""])
            var batchNumber = 0
            for start in stride(from: 0, to: pending.count, by: batchSize) {
                batchNumber += 1
                let batch = Array(pending[start..<min(start + batchSize, pending.count)])
                for instance in batch {
                    try await instance.checked("upload \(Short.id(newId)) to") { try await $0.upload(revision, id: newId) }
                    updated.withLockedValue { $0.append(instance) }
                    _ = updatedNames.withLockedValue { $0.insert(instance.name) }
                    try await instance.checked("deploy \(Short.id(newId)) on") { try await $0.deploy(revisionID: newId) }
                    guard let url = instance.dataURL else {
                        throw PipelineError(.infrastructure, "\(instance.name) does not report its data listener: cannot health-check it")
                    }
                    try await HealthCheck.wait(baseURL: url, path: health)
                }
                let moved = updated.withLockedValue { $0.count }
                let share = Double(moved) * 100 / Double(handle.instances.count)
                try context.recorder.trafficShifted(
                    environment: name, weight: share, step: step,
                    detail: "batch \(batchNumber): \(batch.map(\.name).joined(separator: ", ")) on \(Short.id(newId)) (\(moved)/\(handle.instances.count))")
                let verdict = try await watch.watch(seconds: context.clock.seconds(milliseconds: strategy.pauseMs ?? 0), weight: share)
                let decision = RolloutDecision(context: context, onFail: strategy.onFail, onInconclusive: strategy.onInconclusive)
                if let reason = try await decision.stopReason(for: verdict, weight: share) {
                    throw await rollout.abort("rolling update stopped after batch \(batchNumber): \(reason)")
                }
            }
            let count = updated.withLockedValue { $0.count }
            return try await rollout.promoted("\(count) instance(s) of \(name) on \(Short.id(newId)) in batches of \(batchSize)")
        } catch {
            throw await rollout.fail(error)
        }
    }
}
