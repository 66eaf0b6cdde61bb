/// How a mock provider answers: latency, errors (optionally scripted to start later), streaming.
public struct MockBehavior: Codable, Sendable, Hashable {
    /// Uniform latency range in milliseconds.
    public var latencyMs: [Double]
    /// Time to first token for streams, in milliseconds (defaults to the latency).
    public var ttftMs: [Double]?
    /// Share of requests answered with `errorStatus`, 0–100.
    public var errorPercent: Double
    /// When set, `errorPercent` applies only this long after the revision went live; before it, no errors.
    public var errorsAfterMs: Double?
    public var errorStatus: Int
    /// Share of requests that never answer, 0–100.
    public var hangPercent: Double
    public var stream: Bool
    /// Completion tokens per answer, as a range.
    public var tokens: [Double]

    public init(
        latencyMs: [Double], ttftMs: [Double]?, errorPercent: Double, errorsAfterMs: Double?, errorStatus: Int,
        hangPercent: Double, stream: Bool, tokens: [Double]
    ) {
        self.latencyMs = latencyMs
        self.ttftMs = ttftMs
        self.errorPercent = errorPercent
        self.errorsAfterMs = errorsAfterMs
        self.errorStatus = errorStatus
        self.hangPercent = hangPercent
        self.stream = stream
        self.tokens = tokens
    }
}
