/// A pipeline as a DAG of typed steps: stages in order, parallel groups fanned out and joined.
public struct PipelinePlan: Codable, Sendable, Hashable {
    public var stages: [String]
    public var steps: [StepPlan]
    /// The `on failure` steps, run in order when a stage fails.
    public var onFailure: [StepPlan]

    public init(stages: [String], steps: [StepPlan], onFailure: [StepPlan]) {
        self.stages = stages
        self.steps = steps
        self.onFailure = onFailure
    }
}
