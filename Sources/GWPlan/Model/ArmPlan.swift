/// One `when` (or the `else`) of a route: a condition and where matching requests go.
public struct ArmPlan: Codable, Sendable, Hashable {
    /// `nil` for `else`.
    public var when: Predicate?
    public var targets: [TargetPlan]

    public init(when: Predicate?, targets: [TargetPlan]) {
        self.when = when
        self.targets = targets
    }
}
