import Foundation

/// What moved where: one revision brought to one environment by one strategy, and how it ended.
public struct DeploymentRecord: Codable, Sendable, Hashable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case inProgress = "in_progress"
        /// The revision became stable.
        case promoted
        /// Gates failed, the run was cancelled or a step failed: traffic went back to `previousRevisionId`.
        case rolledBack = "rolled_back"
        /// The move failed before traffic shifted (upload refused, health check failed).
        case failed
        /// Traffic was to go back to `previousRevisionId`, but an instance refused, failed or did not
        /// answer: the environment may serve a mix of revisions (the message names the instances).
        case rollbackFailed = "rollback_failed"
        /// The process died while it was in progress.
        case interrupted
    }

    /// Assigned by the store.
    public var id: Int64
    public var runId: Int64?
    public var environment: String
    public var revisionId: String
    /// The stable revision before this deployment (nil for a first deploy).
    public var previousRevisionId: String?
    /// `deploy`, `canary`, `blue_green`, `rolling`, `flag`, `rollback` (a manual `gwpipe rollback`).
    public var strategy: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: Outcome
    /// One line on why it ended so (never a secret).
    public var message: String?

    public init(
        id: Int64 = 0, runId: Int64?, environment: String, revisionId: String, previousRevisionId: String?, strategy: String,
        startedAt: Date, finishedAt: Date? = nil, outcome: Outcome = .inProgress, message: String? = nil
    ) {
        self.id = id
        self.runId = runId
        self.environment = environment
        self.revisionId = revisionId
        self.previousRevisionId = previousRevisionId
        self.strategy = strategy
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.message = message
    }
}
