/// A runtime flag: its default, who always has it, its rollout share, and how callers stick to a side.
public struct FlagPlan: Codable, Sendable, Hashable {
    public var defaultOn: Bool
    /// Share of callers (0–100) who see the flag on; the pipeline changes it at run time.
    public var rolloutPercent: Double
    /// Callers matching this always see the flag on.
    public var enableFor: Predicate?
    /// `key`, `key.team` or `ip`.
    public var stickyBy: String

    public init(defaultOn: Bool, rolloutPercent: Double, enableFor: Predicate?, stickyBy: String) {
        self.defaultOn = defaultOn
        self.rolloutPercent = rolloutPercent
        self.enableFor = enableFor
        self.stickyBy = stickyBy
    }
}
