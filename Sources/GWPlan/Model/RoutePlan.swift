/// A compiled route: what it matches, who may call it, its limits, and its arms in order.
public struct RoutePlan: Codable, Sendable, Hashable {
    public var method: String
    public var path: String
    /// The keys set that authenticates callers; `nil` means the route is open.
    public var auth: String?
    public var limits: [LimitPlan]
    public var timeoutMs: Double?
    public var arms: [ArmPlan]
    public var retry: RetryPlan?
    public var fallback: FallbackPlan?
    public var breaker: BreakerPlan?
    /// Whether any arm reads the body (`model`, `body_tokens`), so the gateway parses it only then.
    public var readsBody: Bool
    public var maxBodyBytes: Int64?

    public init(
        method: String, path: String, auth: String?, limits: [LimitPlan], timeoutMs: Double?, arms: [ArmPlan],
        retry: RetryPlan?, fallback: FallbackPlan?, breaker: BreakerPlan?, readsBody: Bool, maxBodyBytes: Int64?
    ) {
        self.method = method
        self.path = path
        self.auth = auth
        self.limits = limits
        self.timeoutMs = timeoutMs
        self.arms = arms
        self.retry = retry
        self.fallback = fallback
        self.breaker = breaker
        self.readsBody = readsBody
        self.maxBodyBytes = maxBodyBytes
    }
}
