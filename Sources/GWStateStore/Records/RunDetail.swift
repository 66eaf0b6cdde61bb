/// Everything recorded about one run, for reports (`--report`, `--junit`) and `gwpipe history RUN`.
public struct RunDetail: Codable, Sendable, Hashable {
    public var run: RunRecord
    /// Stage rows (`kind == "stage"`) and step rows, in the order they started.
    public var steps: [StepRecord]
    public var testCases: [TestCaseRecord]
    public var gateEvaluations: [GateEvaluationRecord]
    public var deployments: [DeploymentRecord]
    public var samples: [MetricSampleRecord]
    public var audit: [AuditEntry]

    public init(
        run: RunRecord, steps: [StepRecord], testCases: [TestCaseRecord], gateEvaluations: [GateEvaluationRecord],
        deployments: [DeploymentRecord], samples: [MetricSampleRecord], audit: [AuditEntry]
    ) {
        self.run = run
        self.steps = steps
        self.testCases = testCases
        self.gateEvaluations = gateEvaluations
        self.deployments = deployments
        self.samples = samples
        self.audit = audit
    }
}
