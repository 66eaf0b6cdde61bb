import Foundation
import GWPlan
import GWProxy
import GWStateStore

/// `deploy ENV`, and a first rollout with nothing to compare against: upload, swap atomically,
/// health-check, on every instance. An instance that fails puts the ones already moved back.
struct StraightDeploy {
    let context: RunContext
    let step: StepRecord

    func run(_ handle: EnvironmentHandle, strategy: String = "deploy", healthPath: String = "/readyz") async throws -> String {
        let name = handle.name
        let newId = handle.plan.revisionId
        let revision = handle.plan.revision
        try context.recordRevision(name, handle.plan)
        let previous = try await handle.instances[0].checked("read the status of") { try await $0.status() }.stable
        if previous == newId, strategy == "deploy" {
            return "\(name) already serves \(Short.id(newId))"
        }
        let deployment = try context.recorder.deploymentStarted(
            environment: name, revisionId: newId, previous: previous, strategy: strategy)
        context.noteMoved(name)
        var moved: [GatewayInstance] = []
        do {
            for instance in handle.instances {
                try await instance.checked("upload \(Short.id(newId)) to") { try await $0.upload(revision, id: newId) }
                moved.append(instance)
                try await instance.checked("deploy \(Short.id(newId)) on") { try await $0.deploy(revisionID: newId) }
                let status = try await instance.checked("read the status of") { try await $0.status() }
                guard status.stable == newId else {
                    throw PipelineError(.failed, "\(instance.name) serves \(status.stable.map(Short.id) ?? "nothing") after the deploy, not \(Short.id(newId))")
                }
                if let url = instance.dataURL { try await HealthCheck.wait(baseURL: url, path: healthPath) }
            }
        } catch {
            let timeout = context.options.rollbackTimeoutSeconds
            let snapshot = moved
            let report = await Task.detached { await Self.restore(snapshot, to: previous, timeoutSeconds: timeout) }.value
            let restored: String
            if let previous, !snapshot.isEmpty {
                restored = report.succeeded ? "\(snapshot.count) of \(snapshot.count) instance(s) back on \(Short.id(previous))" : report.failureSummary
            } else {
                restored = ""
            }
            let message = "deploy of \(Short.id(newId)) to \(name) failed: \(error)" + (restored.isEmpty ? "" : "; \(restored)")
            try? context.recorder.deploymentFinished(
                deployment, outcome: report.succeeded ? .failed : .rollbackFailed, message: message, step: step)
            if !report.succeeded { throw PipelineError(.infrastructure, message) }
            if error is CancellationError { throw error }
            throw PipelineError((error as? PipelineError)?.kind ?? .infrastructure, message)
        }
        let message = "deployed \(Short.id(newId)) to \(name)" + (handle.instances.count > 1 ? " (\(handle.instances.count) instances)" : "")
        try context.recorder.deploymentFinished(deployment, outcome: .promoted, message: message, step: step)
        return message
    }

    /// Puts instances back on `previous`, all at once; nothing to do without one.
    static func restore(_ instances: [GatewayInstance], to previous: String?, timeoutSeconds: Double) async -> RollbackReport {
        guard let previous, !instances.isEmpty else { return .nothing }
        return await FleetCall.run(instances, timeoutSeconds: timeoutSeconds, action: "put \(Short.id(previous)) back on") {
            try await $0.control.deploy(revisionID: previous)
        }
    }
}
