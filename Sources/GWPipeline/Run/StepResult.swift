/// How one step ended.
enum StepResult: Sendable {
    case passed(String)
    case failed(PipelineError)
    /// An `approve` step with nobody to ask: the run stops and can be resumed.
    case waiting(String)
    case cancelled
}
