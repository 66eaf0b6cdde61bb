/// Asks a person to decide: an `approve` step, a rollout paused on an inconclusive or failed gate.
public protocol Approver: Sendable {
    /// `true` to go on, `false` to stop; `nil` when nobody can be asked (no terminal). Throws
    /// `CancellationError` when the run is cancelled (Ctrl-C) while it waits for the answer.
    func ask(_ question: String) async throws -> Bool?
}

/// Nobody to ask: CI, a pipe, a test.
public struct NoApprover: Approver {
    public init() {}
    public func ask(_ question: String) async -> Bool? { nil }
}
