/// Which side of a flag a request was on. In a flag rollout's gates `canary.` reads the `on` side
/// and `stable.` the `off` side, so the same comparisons serve canaries and A/B tests.
public enum FlagSide: String, Codable, Sendable, CaseIterable {
    case on
    case off
}
