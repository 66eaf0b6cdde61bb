import Foundation
import GWPlan
import GWStateStore

/// Runs one step of the plan: records its start, does it, records how it ended.
struct StepExecutor {
    let context: RunContext
    let pipeline: String
    /// The step an earlier run stopped at for approval; resuming grants it.
    let resumedApproval: String?
    /// `running` for stage steps, `failed` for `on failure` steps (what `notify` reports).
    let outcome: String
    let failure: String?
    let failedStage: String?

    func execute(_ plan: StepPlan) async -> StepResult {
        let record = StepRecord(
            runId: context.runId, stepId: plan.id, stage: plan.stage, kind: StepTitle.kind(plan), title: StepTitle.title(plan),
            location: plan.location, startedAt: Date())
        do {
            try context.recorder.stepStarted(record)
        } catch {
            return .failed(error as? PipelineError ?? PipelineError(.infrastructure, "\(error)"))
        }
        let result: StepResult
        var output: String?
        do {
            switch plan.kind {
            case "check":
                result = .passed(try CheckStep(context: context, plan: plan).run())
            case "scan":
                result = .passed(try ScanStep(context: context, plan: plan).run())
            case "test":
                result = .passed(try await TestStep(context: context, step: record, plan: plan).run())
            case "run":
                let (message, captured) = try await CommandStep(context: context, step: record, plan: plan).run()
                output = captured
                result = .passed(message)
            case "deploy":
                result = .passed(try await DeployStep(context: context, step: record, plan: plan).run())
            case "rollback":
                result = .passed(try await RollbackStep(context: context, step: record, plan: plan).run())
            case "wait":
                result = .passed(try await WaitStep(context: context, plan: plan).run())
            case "gate":
                result = .passed(try await GateStep(context: context, step: record, plan: plan).run())
            case "approve":
                switch try await ApproveStep(context: context, step: record, plan: plan).run(resumedHere: resumedApproval == plan.id) {
                case .approved(let message): result = .passed(message)
                case .waiting(let message): result = .waiting(message)
                }
            case "notify":
                result = .passed(
                    try await NotifyStep(context: context, plan: plan, outcome: outcome, failure: failure)
                        .run(pipeline: pipeline, failedStage: failedStage))
            case "strategy":
                guard let strategy = plan.strategy else { throw PipelineError(.configuration, "\(plan.location): a rollout without a plan") }
                result = .passed(try await StrategyExecutor(context: context, step: record, strategy: strategy).run())
            default:
                throw PipelineError(.configuration, "\(plan.location): unknown step kind '\(plan.kind)'")
            }
        } catch is CancellationError {
            result = .cancelled
        } catch where Task.isCancelled {
            // Whatever a cancelled call threw (a refused HTTP call, failed test cases), the cause is Ctrl-C.
            result = .cancelled
        } catch let failure as CommandFailure {
            output = failure.output
            result = .failed(PipelineError(.failed, failure.message))
        } catch let error as PipelineError {
            result = error.kind == .cancelled ? .cancelled : .failed(error)
        } catch {
            result = .failed(PipelineError(.infrastructure, "\(error)"))
        }
        let status: StepRecord.Status
        let message: String
        switch result {
        case .passed(let text): (status, message) = (.passed, text)
        case .failed(let error): (status, message) = (.failed, error.message)
        case .waiting(let text): (status, message) = (.waiting, text)
        case .cancelled: (status, message) = (.cancelled, "cancelled")
        }
        do {
            try context.recorder.stepFinished(record, status: status, message: message, output: output)
        } catch {
            return .failed(error as? PipelineError ?? PipelineError(.infrastructure, "\(error)"))
        }
        return result
    }
}
