import GWPlan

/// Where a rollout goes and what it replaces: the started environment, the file's revision for
/// it (recorded in the state store with the run's git facts), and what its first instance serves.
struct RolloutTarget {
    let handle: EnvironmentHandle
    var name: String { handle.name }
    var newId: String { handle.plan.revisionId }
    var revision: GatewayRevision { handle.plan.revision }
    /// The stable revision before the rollout; nil on a first deploy.
    let stable: String?

    static func prepare(_ environment: String, in context: RunContext) async throws -> RolloutTarget {
        let handle = try await context.environment(environment)
        try context.recordRevision(handle.name, handle.plan)
        let stable = try await handle.instances[0].checked("read the status of") { try await $0.status() }.stable
        return RolloutTarget(handle: handle, stable: stable)
    }
}
