/// A gate as written (for reports) and compiled (for evaluation).
public struct GatePlan: Codable, Sendable, Hashable {
    /// The source text, e.g. `canary.error_rate <= stable.error_rate + 0.5%`.
    public var source: String
    public var condition: GateExpression
    /// Where it was written: `file:line:column`, for annotations.
    public var location: String

    public init(source: String, condition: GateExpression, location: String) {
        self.source = source
        self.condition = condition
        self.location = location
    }
}
