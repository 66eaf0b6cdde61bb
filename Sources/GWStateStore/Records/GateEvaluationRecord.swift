import Foundation

/// One evaluation of a gate or abort condition, with the values it saw.
public struct GateEvaluationRecord: Codable, Sendable, Hashable {
    public enum Verdict: String, Codable, Sendable, CaseIterable {
        case pass
        case fail
        /// Too few requests in the window to judge (`min_requests`).
        case inconclusive
    }

    /// `analysis` (an `analyze every` gate), `abort` (an `abort when` condition), `oneoff` (a `gate` step),
    /// `check` (the type check step's result).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case analysis
        case abort
        case oneoff
        case check
    }

    public var runId: Int64
    public var stepId: String
    public var environment: String
    public var at: Date
    public var kind: Kind
    /// The gate as written: `canary.error_rate <= stable.error_rate + 0.5%`.
    public var expression: String
    /// `file:line:column` of the gate.
    public var location: String
    public var verdict: Verdict
    /// Each metric the gate read, by qualified name (`canary.error_rate`, `stable.p99_latency`,
    /// `canary.requests`), in the metric's unit (percent, milliseconds, per second, count).
    public var observed: [String: Double]
    /// The canary's traffic share when evaluated, if a strategy was running.
    public var weight: Double?
    /// The window the metrics cover, in seconds.
    public var windowSeconds: Double

    public init(
        runId: Int64, stepId: String, environment: String, at: Date, kind: Kind, expression: String, location: String,
        verdict: Verdict, observed: [String: Double], weight: Double?, windowSeconds: Double
    ) {
        self.runId = runId
        self.stepId = stepId
        self.environment = environment
        self.at = at
        self.kind = kind
        self.expression = expression
        self.location = location
        self.verdict = verdict
        self.observed = observed
        self.weight = weight
        self.windowSeconds = windowSeconds
    }
}
