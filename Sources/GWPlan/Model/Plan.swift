/// The execution plan of a `.gwpipe` program: each environment's gateway revision and the
/// pipelines as step DAGs. Deterministic: the same program gives the same bytes.
public struct Plan: Codable, Sendable, Hashable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var gateway: String
    public var environments: [String: EnvironmentPlan]
    public var pipelines: [String: PipelinePlan]
    /// Named faults (`mock NAME { for = provider ... }`) tests can inject.
    public var mocks: [String: MockOverride]

    public init(gateway: String, environments: [String: EnvironmentPlan], pipelines: [String: PipelinePlan], mocks: [String: MockOverride]) {
        self.formatVersion = Plan.currentFormatVersion
        self.gateway = gateway
        self.environments = environments
        self.pipelines = pipelines
        self.mocks = mocks
    }
}
