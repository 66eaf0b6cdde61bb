import Foundation

/// One thing that happened in a run, as observers see it: the live view, line logs, GitHub
/// annotations and the `--events` JSON lines all read these. Fields beyond `at`, `kind` and
/// `runId` are set according to `kind`. Messages are already redacted.
public struct RunEvent: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        case runStarted = "run.started"
        case stageStarted = "stage.started"
        case stageFinished = "stage.finished"
        case stepStarted = "step.started"
        /// A line a step printed (a `run` command's output) or said about its progress.
        case stepOutput = "step.output"
        case stepFinished = "step.finished"
        /// A strategy moved traffic: `weight` is the canary's (or the flag's) new share.
        case trafficShifted = "traffic.shifted"
        case gateEvaluated = "gate.evaluated"
        case rolledBack = "rollback"
        case promoted = "promote"
        case approvalWaiting = "approval.waiting"
        case runFinished = "run.finished"
    }

    public var at: Date
    public var kind: Kind
    public var runId: Int64
    public var stage: String?
    public var stepId: String?
    /// What a person reads for the step: `canary production`, `test tests/contract.yaml with mocks`.
    public var title: String?
    /// `passed`, `failed`, `skipped`, `cancelled`, `waiting`; for a run: `succeeded`, `failed`, ...
    public var status: String?
    public var message: String?
    /// `file:line:column`, for annotations.
    public var location: String?
    public var environment: String?
    public var weight: Double?
    public var expression: String?
    /// `pass`, `fail`, `inconclusive`.
    public var verdict: String?
    public var observed: [String: Double]?
    public var durationSeconds: Double?
    public var exitCode: Int32?

    public init(
        at: Date = Date(), kind: Kind, runId: Int64, stage: String? = nil, stepId: String? = nil, title: String? = nil,
        status: String? = nil, message: String? = nil, location: String? = nil, environment: String? = nil,
        weight: Double? = nil, expression: String? = nil, verdict: String? = nil, observed: [String: Double]? = nil,
        durationSeconds: Double? = nil, exitCode: Int32? = nil
    ) {
        self.at = at
        self.kind = kind
        self.runId = runId
        self.stage = stage
        self.stepId = stepId
        self.title = title
        self.status = status
        self.message = message
        self.location = location
        self.environment = environment
        self.weight = weight
        self.expression = expression
        self.verdict = verdict
        self.observed = observed
        self.durationSeconds = durationSeconds
        self.exitCode = exitCode
    }
}
