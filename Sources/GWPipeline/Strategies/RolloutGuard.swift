import GWStateStore

/// What every rollout of a revision does around its moves, in one place: its rollback registered
/// while it runs (so a cancelled run can still take traffic back), the synthetic load, and the way
/// it ends — traffic taken back detached (a Ctrl-C must not cut those calls short), the deployment
/// recorded as it truly ended (rolled back, or rollback failed naming the instances) before the load
/// drains, and the error to throw.
struct RolloutGuard {
    let context: RunContext
    let step: StepRecord
    let deployment: DeploymentRecord
    /// Puts traffic back; says which instances did not come back.
    let rollBack: @Sendable () async -> RollbackReport
    /// How a rollback that reached every instance reads: "all traffic back on 1234abcd".
    let back: @Sendable (RollbackReport) -> String
    private let key: String
    private var traffic: SyntheticTraffic?

    init(
        context: RunContext, step: StepRecord, deployment: DeploymentRecord, rollBack: @escaping @Sendable () async -> RollbackReport,
        back: @escaping @Sendable (RollbackReport) -> String
    ) {
        self.context = context
        self.step = step
        self.deployment = deployment
        self.rollBack = rollBack
        self.back = back
        key = "\(context.runId):\(step.stepId)"
        context.rollouts.register(key, rollback: rollBack)
    }

    /// The rollout is over: a cancelled run has nothing of it to take back any more.
    func release() {
        context.rollouts.unregister(key)
    }

    /// `traffic = synthetic N rps`, when the strategy asks for it.
    mutating func startTraffic(_ handle: EnvironmentHandle, rate: Double?) throws {
        guard let rate else { return }
        traffic = try SyntheticTraffic.start(handle, rate: rate / context.clock.scale)
    }

    /// Stops the load; what it saw, in words (empty without load).
    mutating func stopTraffic() async -> String {
        let report = await traffic?.stop()
        traffic = nil
        return TrafficSummary.describe(report)
    }

    /// The gates stopped the rollout (`stopped` says how, "canary aborted at 10%: ..."): traffic
    /// goes back at once and that moment is recorded, then the load drains. Throw what it returns.
    mutating func abort(_ stopped: String) async -> RolloutStopped {
        let report = await Task.detached { [rollBack] in await rollBack() }.value
        let message = "\(stopped); " + (report.succeeded ? back(report) : report.failureSummary)
        do {
            try context.recorder.deploymentFinished(
                deployment, outcome: report.succeeded ? .rolledBack : .rollbackFailed, message: message, step: step)
        } catch {
            return RolloutStopped(failure: error as? PipelineError ?? PipelineError(.infrastructure, "\(error)"))
        }
        let summary = await stopTraffic()
        return RolloutStopped(
            failure: PipelineError(
                report.succeeded ? .failed : .infrastructure, [message, summary].filter { !$0.isEmpty }.joined(separator: "; ")))
    }

    /// The rollout broke or was cancelled part-way: the load stops, traffic goes back, the
    /// deployment is recorded. Throw what it returns (a cancellation stays a cancellation unless
    /// the rollback failed, which is worse).
    mutating func fail(_ error: any Error) async -> any Error {
        if let stopped = error as? RolloutStopped { return stopped.failure }
        _ = await stopTraffic()
        let report = await Task.detached { [rollBack] in await rollBack() }.value
        let cause = error is CancellationError ? "cancelled" : ((error as? PipelineError)?.message ?? "\(error)")
        let message = "\(cause); " + (report.succeeded ? back(report) : report.failureSummary)
        try? context.recorder.deploymentFinished(
            deployment, outcome: report.succeeded ? .rolledBack : .rollbackFailed, message: message, step: step)
        if !report.succeeded { return PipelineError(.infrastructure, message) }
        if error is CancellationError { return error }
        return PipelineError((error as? PipelineError)?.kind ?? .infrastructure, message)
    }

    /// The new revision is stable: recorded now, not after the load drains; then nothing is left
    /// to take back. Returns the step's message with what the load saw.
    mutating func promoted(_ message: String) async throws -> String {
        try context.recorder.deploymentFinished(deployment, outcome: .promoted, message: message, step: step)
        release()
        let summary = await stopTraffic()
        return [message, summary].filter { !$0.isEmpty }.joined(separator: "; ")
    }
}
