import Foundation

/// One line of the append-only audit log: who did what to which environment.
public struct AuditEntry: Codable, Sendable, Hashable {
    /// Assigned by the store.
    public var id: Int64
    public var at: Date
    /// `user@host`.
    public var actor: String
    /// `run.start`, `deploy`, `canary.weight`, `promote`, `rollback`, `flag.rollout`, `approve`, ...
    public var action: String
    public var environment: String?
    public var runId: Int64?
    /// What a person reads (never a secret).
    public var detail: String

    public init(id: Int64 = 0, at: Date, actor: String, action: String, environment: String?, runId: Int64?, detail: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.environment = environment
        self.runId = runId
        self.detail = detail
    }
}
