import Foundation
import GWPlan
import GWStateStore

extension PlanFingerprint {
    /// The fingerprint of one pipeline of a checked program: the file's absolute path, the
    /// pipeline's steps hashed without their source locations, each environment's revision id, the
    /// bytes of the suites its tests run and the faults they may inject. Not `--baseline`: it only says where gateways start
    /// when the store knows nothing, and a resumed run's store knows what it deployed.
    static func of(_ input: PipelineInput, pipeline: PipelinePlan) throws -> PlanFingerprint {
        var steps = pipeline
        // Locations carry the file name as typed and line numbers: a moved comment is no change.
        steps.steps = steps.steps.map(Self.withoutLocation)
        steps.onFailure = steps.onFailure.map(Self.withoutLocation)
        let hash = "sha256:" + CanonicalJSON.sha256Hex(try CanonicalJSON.encode(steps))
        var inputs: [String: String] = [:]
        for suite in pipeline.suites {
            let url = suite.hasPrefix("/") ? URL(fileURLWithPath: suite) : input.baseDirectory.appendingPathComponent(suite)
            // An unreadable suite fails its step; here it is "missing", so it changes once readable.
            let digest = FileManager.default.contents(atPath: url.path).map { "sha256:" + CanonicalJSON.sha256Hex($0) }
            inputs["suite \(suite)"] = digest ?? "missing"
        }
        // The faults `with mocks` cases inject are the program's, not any environment's revision.
        if !input.plan.mocks.isEmpty {
            inputs["the mocks (faults) of the program"] = "sha256:" + CanonicalJSON.sha256Hex(try CanonicalJSON.encode(input.plan.mocks))
        }
        return PlanFingerprint(
            file: URL(fileURLWithPath: input.file).standardizedFileURL.path, pipeline: hash,
            environments: input.plan.environments.mapValues(\.revisionId), inputs: inputs)
    }

    private static func withoutLocation(_ step: StepPlan) -> StepPlan {
        var step = step
        step.location = ""
        if var strategy = step.strategy {
            strategy.gates = strategy.gates.map(Self.withoutLocation)
            strategy.aborts = strategy.aborts.map { abort in
                var abort = abort
                abort.gate = Self.withoutLocation(abort.gate)
                return abort
            }
            step.strategy = strategy
        }
        step.gate = step.gate.map(Self.withoutLocation)
        return step
    }

    private static func withoutLocation(_ gate: GatePlan) -> GatePlan {
        var gate = gate
        gate.location = ""
        return gate
    }
}
