import Foundation

/// One `gwpipe run` of a pipeline, as the state store keeps it.
public struct RunRecord: Codable, Sendable, Hashable {
    /// How a run ended, or that it has not.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case running
        /// Every stage passed (exit 0).
        case succeeded
        /// A gate, test or step failed; strategies were rolled back (exit 1).
        case failed
        /// Stopped by Ctrl-C / SIGTERM after rolling back (non-zero exit).
        case cancelled
        /// The process died while the run was `running` (SIGKILL, crash, power loss).
        case interrupted
        /// Stopped at an `approve` step; `gwpipe run --resume ID` goes on.
        case waitingApproval = "waiting_approval"
        /// Infrastructure or internal failure (exit 3).
        case error
    }

    /// Assigned by the store (1, 2, 3, ...); what `--resume` takes.
    public var id: Int64
    public var pipeline: String
    /// The `.gwpipe` file as given on the command line.
    public var file: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: Status
    public var exitCode: Int32?
    /// Why it ended the way it did, in one line (never a secret).
    public var message: String?
    public var gitCommit: String?
    public var gitBranch: String?
    /// `user@host` that started the run.
    public var actor: String
    /// The process that runs it, to tell `running` from `interrupted`.
    public var pid: Int32
    public var host: String
    /// The run this one resumes, for `--resume`.
    public var resumeOf: Int64?
    /// The step id an approval waits at, when `status` is `waitingApproval`.
    public var waitingAt: String?
    /// The file, pipeline and revisions the run was started on; nil for runs recorded before
    /// gwpipe kept it (such a run cannot be resumed: nothing says what it was approved for).
    public var planFingerprint: PlanFingerprint?

    public init(
        id: Int64 = 0, pipeline: String, file: String, startedAt: Date, finishedAt: Date? = nil, status: Status = .running,
        exitCode: Int32? = nil, message: String? = nil, gitCommit: String? = nil, gitBranch: String? = nil, actor: String,
        pid: Int32, host: String, resumeOf: Int64? = nil, waitingAt: String? = nil,
        planFingerprint: PlanFingerprint? = nil
    ) {
        self.id = id
        self.pipeline = pipeline
        self.file = file
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
        self.exitCode = exitCode
        self.message = message
        self.gitCommit = gitCommit
        self.gitBranch = gitBranch
        self.actor = actor
        self.pid = pid
        self.host = host
        self.resumeOf = resumeOf
        self.waitingAt = waitingAt
        self.planFingerprint = planFingerprint
    }
}
