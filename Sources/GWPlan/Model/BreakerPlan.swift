/// A per-provider circuit breaker: open after `failures` in `windowMs`, stay open `openMs`.
public struct BreakerPlan: Codable, Sendable, Hashable {
    public var failures: Int
    public var windowMs: Double
    public var openMs: Double

    public init(failures: Int, windowMs: Double, openMs: Double) {
        self.failures = failures
        self.windowMs = windowMs
        self.openMs = openMs
    }
}
