import Foundation

/// One step of a run (or a whole stage, with `kind == "stage"`): what it was, when it ran, how it ended.
public struct StepRecord: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case running
        case passed
        case failed
        /// Not run because an earlier stage failed.
        case skipped
        case cancelled
        /// An `approve` step waiting for a human.
        case waiting
    }

    public var runId: Int64
    /// The plan's step id (`production.1`, `validate.1.2`), or the stage name for a stage row.
    public var stepId: String
    public var stage: String
    /// `stage`, `check`, `scan`, `test`, `run`, `deploy`, `wait`, `gate`, `approve`, `notify`, `rollback`,
    /// `canary`, `blue_green`, `rolling`, `flag`; `on_failure` steps keep their own kind.
    public var kind: String
    /// What a person reads: `test tests/contract.yaml with mocks`, `canary production`.
    public var title: String
    /// `file:line:column` where it was written.
    public var location: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: Status
    /// One line on the outcome (never a secret).
    public var message: String?
    /// Captured output (a `run` step's stdout and stderr, redacted and truncated).
    public var output: String?

    public init(
        runId: Int64, stepId: String, stage: String, kind: String, title: String, location: String, startedAt: Date,
        finishedAt: Date? = nil, status: Status = .running, message: String? = nil, output: String? = nil
    ) {
        self.runId = runId
        self.stepId = stepId
        self.stage = stage
        self.kind = kind
        self.title = title
        self.location = location
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.message = message
        self.output = output
    }

    public var durationSeconds: Double? { finishedAt.map { $0.timeIntervalSince(startedAt) } }
}
