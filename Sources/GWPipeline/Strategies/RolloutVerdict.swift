/// How a watched stretch of a rollout went.
enum RolloutVerdict: Sendable, Equatable {
    case healthy
    /// A gate failed more often than `failure_limit` allows, or an abort condition held.
    case failed(String)
    /// No evaluation had enough data to judge.
    case inconclusive(String)
}
