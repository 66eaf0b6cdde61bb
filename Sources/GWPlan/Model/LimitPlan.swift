/// A rate limit: at most `amount` of `unit` per `windowMs`, counted per `by`.
public struct LimitPlan: Codable, Sendable, Hashable {
    /// `requests` or `tokens`.
    public var unit: String
    public var amount: Double
    public var windowMs: Double
    /// `key`, `key.team`, `team` or `ip`.
    public var by: String

    public init(unit: String, amount: Double, windowMs: Double, by: String) {
        self.unit = unit
        self.amount = amount
        self.windowMs = windowMs
        self.by = by
    }
}
