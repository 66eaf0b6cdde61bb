import GWStateStore

/// How a run ended: its record id, status, exit code and the one line that says why.
public struct RunOutcome: Sendable, Equatable {
    /// 0 when the run was refused before it was recorded (a configuration error).
    public var runId: Int64
    public var status: RunRecord.Status
    public var exitCode: Int32
    public var message: String

    public init(runId: Int64, status: RunRecord.Status, exitCode: Int32, message: String) {
        self.runId = runId
        self.status = status
        self.exitCode = exitCode
        self.message = message
    }
}
