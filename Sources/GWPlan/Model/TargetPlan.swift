/// One weighted upstream choice of an arm, with an optional model rewrite.
public struct TargetPlan: Codable, Sendable, Hashable {
    public var provider: String
    /// 0–100; weights of one arm are normalised to sum to 100.
    public var weight: Double
    public var model: String?

    public init(provider: String, weight: Double, model: String?) {
        self.provider = provider
        self.weight = weight
        self.model = model
    }
}
