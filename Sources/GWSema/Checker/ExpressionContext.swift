/// Where an expression stands, which decides what names mean in it.
public enum ExpressionContext: Sendable, Equatable {
    /// Attributes, lets, params: only constants.
    case constant
    /// A route's `when` rules and a flag's `enable for`: request properties (`model`, `header("x")`).
    case request
    /// Gates and abort conditions: metrics, optionally qualified `canary.` / `stable.`.
    case metric(MetricScope)
    /// `approve when`: facts about the run (`branch`, `commit`, `author`).
    case pipeline
}

/// What a gate can observe where it stands.
public struct MetricScope: Sendable, Equatable {
    /// Whether a `stable.` side exists to compare against (canary and flag rollouts).
    public var hasStableSide: Bool
    /// How the strategy is named in messages.
    public var strategyName: String

    public init(hasStableSide: Bool, strategyName: String) {
        self.hasStableSide = hasStableSide
        self.strategyName = strategyName
    }
}
