/// The rollout strategies a stage can use.
public enum StrategyKind: String, Sendable, Hashable, CaseIterable {
    case canary
    case blueGreen = "blue_green"
    case rolling
    /// `flag NAME rollout [on ENV] { ... }`
    case flagRollout = "flag"
}
