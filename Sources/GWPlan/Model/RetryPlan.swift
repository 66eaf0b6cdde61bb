/// Retries before the first byte reached the client: how many, on what, with what backoff.
public struct RetryPlan: Codable, Sendable, Hashable {
    public var attempts: Int
    /// `429`, `5xx`, `timeout`, ...
    public var on: [String]
    /// Exponential backoff with jitter between these bounds, in milliseconds.
    public var backoffMs: [Double]

    public init(attempts: Int, on: [String], backoffMs: [Double]) {
        self.attempts = attempts
        self.on = on
        self.backoffMs = backoffMs
    }
}
