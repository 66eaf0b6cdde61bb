import GWStateStore

/// One evaluation of a gate: the verdict and every value it read.
public struct GateResult: Sendable, Hashable {
    public var verdict: GateEvaluationRecord.Verdict
    /// Each metric read, by qualified name (`canary.error_rate`), plus `canary.requests` /
    /// `stable.requests` for every side read.
    public var observed: [String: Double]
    /// What a person reads: `error_rate 0.42% < 1%: pass`.
    public var summary: String

    public init(verdict: GateEvaluationRecord.Verdict, observed: [String: Double], summary: String) {
        self.verdict = verdict
        self.observed = observed
        self.summary = summary
    }
}
