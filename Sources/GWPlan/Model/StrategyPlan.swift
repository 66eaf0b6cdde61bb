/// A rollout: canary, blue-green, rolling, or a flag rollout, with its analysis and abort rules.
public struct StrategyPlan: Codable, Sendable, Hashable {
    /// One traffic step: share of traffic for a duration.
    public struct Step: Codable, Sendable, Hashable {
        public var percent: Double
        public var durationMs: Double

        public init(percent: Double, durationMs: Double) {
            self.percent = percent
            self.durationMs = durationMs
        }
    }

    /// An abort rule, checked every second: abort when the condition holds for `forMs`.
    public struct Abort: Codable, Sendable, Hashable {
        public var gate: GatePlan
        public var forMs: Double

        public init(gate: GatePlan, forMs: Double) {
            self.gate = gate
            self.forMs = forMs
        }
    }

    /// `canary`, `blue_green`, `rolling` or `flag`.
    public var kind: String
    public var environment: String
    /// The flag, for flag rollouts.
    public var flag: String?
    public var steps: [Step]
    public var analysisIntervalMs: Double?
    public var gates: [GatePlan]
    public var aborts: [Abort]
    public var minRequests: Double
    public var failureLimit: Int
    /// `abort` or `pause`.
    public var onFail: String
    /// `pause`, `abort` or `continue`.
    public var onInconclusive: String
    /// Synthetic load in requests per second, for demos on embedded gateways.
    public var syntheticRps: Double?
    public var verify: String?
    public var keepPreviousMs: Double?
    public var batch: Int?
    public var pauseMs: Double?
    public var health: String?

    public init(kind: String, environment: String) {
        self.kind = kind
        self.environment = environment
        self.steps = []
        self.gates = []
        self.aborts = []
        self.minRequests = 0
        self.failureLimit = 0
        self.onFail = "abort"
        self.onInconclusive = "pause"
    }
}
