import Foundation
import GWPlan
import GWProxy
import GWStateStore

/// `gwpipe rollback ENV [--to REV]`: puts an environment back on a known-good revision kept in the
/// state store — the one before the current stable, or the one `--to` names (an id or its prefix).
/// A fleet's instances get it through their admin API, all at once, each within `timeoutSeconds`;
/// for an embedded environment the choice is recorded, and the next run or serve starts on it.
public struct EnvironmentRollback: Sendable {
    public var environment: String
    public var to: String?
    /// The file, for a fleet's admin URLs and token; nil for an environment only the store knows.
    public var plan: Plan?
    public var store: StateStore
    public var environmentVariables: [String: String]
    /// How long each instance may take to take the revision back; one that takes longer is
    /// reported as not back (the others are not held up by it).
    public var timeoutSeconds: Double

    public init(
        environment: String, to: String?, plan: Plan?, store: StateStore, environmentVariables: [String: String],
        timeoutSeconds: Double = 30
    ) {
        self.environment = environment
        self.to = to
        self.plan = plan
        self.store = store
        self.environmentVariables = environmentVariables
        self.timeoutSeconds = timeoutSeconds
    }

    public func run() async throws -> String {
        let current = try store.stableRevision(environment: environment)?.id
        let target = try resolveTarget(current: current)
        guard target.id != current else {
            return "\(environment) already serves \(Short.id(target.id)): nothing to roll back"
        }
        let urls = plan?.environments[environment]?.adminURLs ?? []
        // Without a copy in the store, a fleet's instances may still hold the revision themselves.
        var revision: GatewayRevision?
        if let json = target.canonicalJSON {
            guard let decoded = try? CanonicalJSON.decode(GatewayRevision.self, from: json), CanonicalJSON.revisionId(of: decoded) == target.id
            else { throw PipelineError(.infrastructure, "the state store's copy of \(target.id) is damaged") }
            revision = decoded
        } else if urls.isEmpty {
            throw PipelineError(.configuration, "revision \(target.id) is not in the state store: name one with --to")
        }
        let actor = PipelineRunner.actor(environmentVariables)
        var deployment = try store.startDeployment(
            DeploymentRecord(runId: nil, environment: environment, revisionId: target.id, previousRevisionId: current,
                             strategy: "rollback", startedAt: Date()))
        var message: String
        if urls.isEmpty {
            message = "recorded \(Short.id(target.id)) as \(environment)'s stable revision; the next run or serve of \(environment) starts on it"
        } else {
            let token = plan?.environments[environment]?.adminTokenValue(in: environmentVariables)
                ?? environmentVariables["GWPIPE_ADMIN_TOKEN"]
            let instances = urls.map { GatewayInstance(name: $0, control: RemoteGatewayControl(baseURL: $0, token: token), dataURL: nil) }
            // Every instance at once, each within the deadline: one that hangs must not keep the
            // others on the bad revision (this is the command someone runs during an incident).
            let targetID = target.id
            let report = await FleetCall.run(instances, timeoutSeconds: timeoutSeconds, action: "roll back") { [revision] instance in
                if let revision {
                    try await instance.checked("upload \(Short.id(targetID)) to") { try await $0.upload(revision, id: targetID) }
                }
                try await instance.control.deploy(revisionID: targetID)  // FleetCall names the instance on failure
            }
            if !report.succeeded {
                let failure = "rollback of \(environment) to \(Short.id(target.id)) failed: \(report.failureSummary)"
                try store.finishDeployment(id: deployment.id, outcome: .rollbackFailed, message: failure, at: Date())
                _ = try store.appendAudit(AuditEntry(at: Date(), actor: actor, action: "rollback", environment: environment, runId: nil, detail: failure))
                throw PipelineError(.infrastructure, failure)
            }
            message = "rolled \(environment) back to \(Short.id(target.id)) on \(urls.count) instance(s)"
        }
        try store.finishDeployment(id: deployment.id, outcome: .promoted, message: message, at: Date())
        deployment.outcome = .promoted
        _ = try store.appendAudit(AuditEntry(at: Date(), actor: actor, action: "rollback", environment: environment, runId: nil, detail: message))
        return message
    }

    /// A revision to go back to: its id, and its content when the store has it.
    private struct Target {
        var id: String
        var canonicalJSON: Data?
    }

    /// `--to` by id or unique prefix (with or without `sha256:`); else the revision before the current stable.
    private func resolveTarget(current: String?) throws -> Target {
        let deployments = try store.deployments(environment: environment, limit: 1000)
        if let to {
            let wanted = to.hasPrefix("sha256:") ? to : "sha256:" + to
            let ids = Set(deployments.map(\.revisionId) + deployments.compactMap(\.previousRevisionId)).filter { $0.hasPrefix(wanted) }
            guard ids.count == 1, let id = ids.first else {
                throw PipelineError(
                    .configuration,
                    ids.isEmpty ? "no revision \(to) was ever deployed to \(environment)" : "\(to) matches \(ids.count) revisions: give more of the id")
            }
            return Target(id: id, canonicalJSON: try store.revision(id: id)?.canonicalJSON)
        }
        guard let current else { throw PipelineError(.configuration, "\(environment) has no stable revision recorded: nothing to roll back") }
        // A rollback's own "previous" is the revision it moved away from: the bad one.
        guard let previous = deployments.first(where: { $0.outcome == .promoted && $0.revisionId == current && $0.strategy != "rollback" })?
            .previousRevisionId
        else {
            throw PipelineError(.configuration, "the state store knows no revision of \(environment) before \(Short.id(current)): name one with --to")
        }
        return Target(id: previous, canonicalJSON: try store.revision(id: previous)?.canonicalJSON)
    }
}
