import Foundation

/// Traffic of one slot of an environment over the last second(s), sampled while a strategy runs,
/// for the report's charts.
public struct MetricSampleRecord: Codable, Sendable, Hashable {
    public var runId: Int64
    public var environment: String
    public var at: Date
    /// `stable` or `canary` (for a flag rollout: `canary` = flag on, `stable` = flag off).
    public var slot: String
    public var revisionId: String?
    public var requests: Int
    public var errors: Int
    /// Percent, 0–100.
    public var errorRate: Double
    /// Milliseconds.
    public var p99Latency: Double
    /// The canary's traffic share at that moment.
    public var weight: Double

    public init(
        runId: Int64, environment: String, at: Date, slot: String, revisionId: String?, requests: Int, errors: Int,
        errorRate: Double, p99Latency: Double, weight: Double
    ) {
        self.runId = runId
        self.environment = environment
        self.at = at
        self.slot = slot
        self.revisionId = revisionId
        self.requests = requests
        self.errors = errors
        self.errorRate = errorRate
        self.p99Latency = p99Latency
        self.weight = weight
    }
}
