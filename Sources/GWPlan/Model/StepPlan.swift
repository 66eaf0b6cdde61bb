/// One node of a pipeline's step DAG. Fields beyond `id`, `kind`, `stage` and `dependsOn` are
/// set according to `kind`.
public struct StepPlan: Codable, Sendable, Hashable {
    /// `stage.N` or `stage.N.M` inside a parallel group; stable across runs of the same file.
    public var id: String
    /// `check`, `scan`, `test`, `run`, `deploy`, `wait`, `gate`, `approve`, `notify`, `rollback`, `strategy`.
    public var kind: String
    public var stage: String
    /// Steps that must finish before this one starts.
    public var dependsOn: [String]
    /// Where it was written: `file:line:column`.
    public var location: String

    public var suite: String?
    /// `mocks`, or the environment a test runs against.
    public var target: String?
    public var command: String?
    public var timeoutMs: Double?
    public var environment: String?
    public var durationMs: Double?
    public var gate: GatePlan?
    public var overMs: Double?
    /// `approve when ...` as source text and pipeline-variable predicate.
    public var approveWhen: String?
    /// `notify "URL"`.
    public var url: String?
    /// `notify SECRET`: the webhook URL is a secret, read from this variable when the step runs.
    public var urlSecret: SecretPlan?
    public var strategy: StrategyPlan?

    public init(id: String, kind: String, stage: String, dependsOn: [String], location: String) {
        self.id = id
        self.kind = kind
        self.stage = stage
        self.dependsOn = dependsOn
        self.location = location
    }
}
