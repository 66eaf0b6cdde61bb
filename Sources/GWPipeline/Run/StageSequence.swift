import Foundation
import GWPlan
import GWStateStore

/// The stages of one pipeline in order, each stage's steps as their DAG allows (a `parallel`
/// group's steps at once), then `on failure` when a stage failed.
struct StageSequence {
    let context: RunContext
    let pipeline: String
    let plan: PipelinePlan
    /// Steps that passed in the run being resumed: not run again.
    let passedBefore: Set<String>
    let resumedApproval: String?

    struct Outcome {
        var status: RunRecord.Status
        var exitCode: Int32
        var message: String
        var waitingAt: String?
    }

    func run() async -> Outcome {
        var failure: (stage: String, error: PipelineError)?
        var waiting: (step: String, message: String)?
        var cancelled = false
        for stage in plan.stages {
            let steps = plan.steps.filter { $0.stage == stage }
            if failure != nil || waiting != nil || cancelled {
                await skip(stage, steps, because: cancelled ? "the run was cancelled" : waiting != nil ? "waiting for approval" : "an earlier stage failed")
                continue
            }
            let started = Date()
            try? context.recorder.stageStarted(stage, at: started)
            let executor = StepExecutor(
                context: context, pipeline: pipeline, resumedApproval: resumedApproval, outcome: "running", failure: nil, failedStage: nil)
            let result = await runSteps(steps, executor: executor)
            switch result {
            case .passed:
                try? context.recorder.stageFinished(stage, started: started, status: .passed, message: nil)
            case .failed(let error):
                failure = (stage, error)
                try? context.recorder.stageFinished(stage, started: started, status: .failed, message: error.message)
            case .waiting(let step, let message):
                waiting = (step, message)
                try? context.recorder.stageFinished(stage, started: started, status: .waiting, message: message)
                context.recorder.emit(RunEvent(kind: .approvalWaiting, runId: context.runId, stage: stage, stepId: step, message: message))
            case .cancelled:
                cancelled = true
                try? context.recorder.stageFinished(stage, started: started, status: .cancelled, message: "cancelled")
            }
        }
        if cancelled {
            let failures = await context.rollouts.rollBackAll()
            if !failures.isEmpty {
                let list = failures.map { "\($0.instance) (\($0.reason))" }.joined(separator: ", ")
                return Outcome(status: .cancelled, exitCode: 130, message: "cancelled: rollback failed on \(list)")
            }
            return Outcome(status: .cancelled, exitCode: 130, message: "cancelled: strategies in progress were rolled back")
        }
        if let waiting {
            return Outcome(status: .waitingApproval, exitCode: 1, message: waiting.message, waitingAt: waiting.step)
        }
        guard let failure else {
            return Outcome(status: .succeeded, exitCode: 0, message: "all \(plan.stages.count) stages passed")
        }
        var message = "stage \(failure.stage) failed: \(failure.error.message)"
        var exitCode = failure.error.exitCode
        var status: RunRecord.Status = failure.error.kind == .failed ? .failed : .error
        // A rollback in `on failure` that could not put an environment back leaves it in an unknown
        // state: that is an infrastructure failure of the run, whatever the stage failed on.
        if let broken = await runOnFailure(failedStage: failure.stage, message: message), broken.kind == .infrastructure {
            message += "; on failure: \(broken.message)"
            exitCode = max(exitCode, broken.exitCode)
            status = .error
        }
        return Outcome(status: status, exitCode: exitCode, message: message)
    }

    private enum StageResult {
        case passed
        case failed(PipelineError)
        case waiting(step: String, message: String)
        case cancelled
    }

    /// Runs a stage's steps in waves: every step whose dependencies have passed starts at once.
    private func runSteps(_ steps: [StepPlan], executor: StepExecutor) async -> StageResult {
        var done = Set<String>()
        var pending = steps
        // Dependencies on an earlier stage's steps are met: that stage passed.
        let inStage = Set(steps.map(\.id))
        while !pending.isEmpty {
            let ready = pending.filter { step in step.dependsOn.allSatisfy { !inStage.contains($0) || done.contains($0) } }
            let wave = ready.isEmpty ? [pending[0]] : ready
            pending.removeAll { step in wave.contains { $0.id == step.id } }
            let results = await withTaskGroup(of: (String, StepResult).self) { group in
                for step in wave {
                    group.addTask {
                        if passedBefore.contains(step.id) { return (step.id, .passed("passed in the run being resumed")) }
                        return (step.id, await executor.execute(step))
                    }
                }
                var results: [(String, StepResult)] = []
                for await result in group { results.append(result) }
                return results
            }
            var firstFailure: PipelineError?
            for (id, result) in results.sorted(by: { $0.0 < $1.0 }) {
                switch result {
                case .passed: done.insert(id)
                case .failed(let error): firstFailure = firstFailure ?? error
                case .waiting(let message): return .waiting(step: id, message: message)
                case .cancelled: return .cancelled
                }
            }
            if let firstFailure {
                for step in pending { await skipStep(step, because: "an earlier step of the stage failed") }
                return .failed(firstFailure)
            }
        }
        return .passed
    }

    /// Runs the `on failure` steps; returns the first infrastructure failure among them, else the first failure.
    private func runOnFailure(failedStage: String, message: String) async -> PipelineError? {
        guard !plan.onFailure.isEmpty else { return nil }
        let started = Date()
        try? context.recorder.stageStarted("on failure", at: started)
        let executor = StepExecutor(
            context: context, pipeline: pipeline, resumedApproval: nil, outcome: "failed", failure: message, failedStage: failedStage)
        var failed: PipelineError?
        // Every `on failure` step runs, even after one of them fails: a failed notification must
        // not keep a rollback from happening.
        for step in plan.onFailure {
            if case .failed(let error) = await executor.execute(step), failed == nil || (error.kind == .infrastructure && failed?.kind != .infrastructure) {
                failed = error
            }
        }
        try? context.recorder.stageFinished(
            "on failure", started: started, status: failed == nil ? .passed : .failed, message: failed?.message)
        return failed
    }

    private func skip(_ stage: String, _ steps: [StepPlan], because reason: String) async {
        let now = Date()
        try? context.recorder.stageStarted(stage, at: now)
        for step in steps { await skipStep(step, because: reason) }
        try? context.recorder.stageFinished(stage, started: now, status: .skipped, message: reason)
    }

    private func skipStep(_ step: StepPlan, because reason: String) async {
        let record = StepRecord(
            runId: context.runId, stepId: step.id, stage: step.stage, kind: StepTitle.kind(step), title: StepTitle.title(step),
            location: step.location, startedAt: Date())
        try? context.recorder.stepFinished(record, status: .skipped, message: reason)
    }
}
