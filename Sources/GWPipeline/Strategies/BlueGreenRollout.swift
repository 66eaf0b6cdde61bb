import Foundation
import GWContract
import GWPlan
import GWProxy
import GWStateStore

/// `blue_green ENV { verify SUITE; keep_previous D; analyze ...; abort when ... }`: green (the new
/// revision) is uploaded and verified alone on a preview gateway, then every instance flips to it
/// at once; blue stays loaded for `keep_previous` while the gates watch green, and a failure flips
/// straight back to blue.
struct BlueGreenRollout {
    let context: RunContext
    let step: StepRecord
    let strategy: StrategyPlan

    func run() async throws -> String {
        let target = try await RolloutTarget.prepare(strategy.environment, in: context)
        let (handle, name, green, revision, blue) = (target.handle, target.name, target.newId, target.revision, target.stable)
        if blue == green { return "\(name) already serves \(Short.id(green)): nothing to roll out" }
        try await verify(revision, id: green)
        guard let blue else {
            let message = try await StraightDeploy(context: context, step: step).run(handle, strategy: "blue_green")
            return "no blue revision in \(name) yet: " + message
        }
        for instance in handle.instances {
            try await instance.checked("upload \(Short.id(green)) to") { try await $0.upload(revision, id: green) }
        }
        let deployment = try context.recorder.deploymentStarted(environment: name, revisionId: green, previous: blue, strategy: "blue_green")
        context.noteMoved(name)
        let timeout = context.options.rollbackTimeoutSeconds
        let flipBack: @Sendable () async -> RollbackReport = {
            await FleetCall.run(handle.instances, timeoutSeconds: timeout, action: "flip back to blue \(Short.id(blue)) on") {
                try await $0.control.deploy(revisionID: blue)
            }
        }
        var rollout = RolloutGuard(
            context: context, step: step, deployment: deployment, rollBack: flipBack,
            back: { _ in "flipped back to blue \(Short.id(blue))" })
        defer { rollout.release() }
        do {
            for instance in handle.instances {
                try await instance.checked("flip to green on") { try await $0.deploy(revisionID: green) }
            }
            try context.recorder.trafficShifted(
                environment: name, weight: 100, step: step, detail: "flipped \(name) to green \(Short.id(green)); blue \(Short.id(blue)) kept warm")
            try rollout.startTraffic(handle, rate: strategy.syntheticRps)
            // Green now serves as the stable slot: it is the `canary` side of the gates; blue has no traffic.
            var watch = RolloutWatch(
                strategy: strategy, context: context, step: step, environment: name,
                sides: .slots(handle, mapping: ["canary": "stable"]), revisions: ["canary": green, "stable": blue])
            let watchMs = strategy.keepPreviousMs ?? strategy.analysisIntervalMs ?? 0
            let verdict = try await watch.watch(seconds: context.clock.seconds(milliseconds: watchMs), weight: 100)
            let decision = RolloutDecision(context: context, onFail: strategy.onFail, onInconclusive: strategy.onInconclusive)
            if let reason = try await decision.stopReason(for: verdict, weight: 100) {
                throw await rollout.abort("blue-green aborted: \(reason)")
            }
            return try await rollout.promoted(
                "flipped \(name) to \(Short.id(green)); blue \(Short.id(blue)) stayed ready for \(Short.duration(watchMs))")
        } catch {
            throw await rollout.fail(error)
        }
    }

    /// Runs `verify` against green alone: a preview gateway in this process serving only green,
    /// with its real providers. Nothing has moved yet, so a failure costs nothing.
    private func verify(_ revision: GatewayRevision, id: String) async throws {
        guard let suitePath = strategy.verify else { return }
        let suite: TestSuite
        do {
            suite = try TestSuiteLoader().load(context.resolve(suitePath).path)
        } catch {
            throw PipelineError(.configuration, error.description)
        }
        let preview: EmbeddedGateway
        do {
            preview = try await EmbeddedGateway.start(
                host: "127.0.0.1", port: 0, stable: (revision, id), maxBodyBytes: Int(revision.maxBodyBytes),
                environmentVariables: context.options.environmentVariables, syntheticKeys: [], timelineSpeed: 1 / context.clock.scale)
        } catch {
            throw PipelineError(.infrastructure, "could not start a preview gateway for green: \(error)")
        }
        let result: SuiteResult
        do {
            result = try await TestStep.run(ContractRunner(environment: context.options.environmentVariables), suite, baseURL: preview.dataURL)
        } catch {
            await preview.stop()
            throw error
        }
        await preview.stop()
        let summary = try TestStep(context: context, step: step, plan: StepPlan(
            id: step.stepId, kind: "test", stage: step.stage, dependsOn: [], location: step.location)).record(result, suitePath: suitePath)
        context.recorder.output("verify green \(Short.id(id)): \(summary)", step: step)
    }
}
