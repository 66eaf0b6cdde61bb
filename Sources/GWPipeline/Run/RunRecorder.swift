import Foundation
import GWStateStore

/// Writes what a run does to the state store as it happens and tells the observers, so the
/// record survives a SIGKILL and the console shows the same facts the store keeps. Every text
/// passes through the redactor first.
final class RunRecorder: Sendable {
    let store: StateStore
    let runId: Int64
    let observer: any RunObserver
    let redactor: Redactor
    let actor: String

    init(store: StateStore, runId: Int64, observer: any RunObserver, redactor: Redactor, actor: String) {
        self.store = store
        self.runId = runId
        self.observer = observer
        self.redactor = redactor
        self.actor = actor
    }

    /// Store failures are infrastructure failures: the run cannot promise a record any more.
    private func write(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw PipelineError(.infrastructure, "the state store failed: \(error)")
        }
    }

    func emit(_ event: RunEvent) {
        var event = event
        event.message = redactor.redact(optional: event.message)
        observer.observe(event)
    }

    // MARK: Stages and steps

    func stageStarted(_ stage: String, at start: Date) throws {
        try write {
            try store.recordStep(
                StepRecord(runId: runId, stepId: stage, stage: stage, kind: "stage", title: "stage \(stage)", location: "", startedAt: start))
        }
        emit(RunEvent(at: start, kind: .stageStarted, runId: runId, stage: stage, title: "stage \(stage)"))
    }

    func stageFinished(_ stage: String, started: Date, status: StepRecord.Status, message: String?) throws {
        let end = Date()
        let message = redactor.redact(optional: message)
        try write {
            try store.recordStep(
                StepRecord(
                    runId: runId, stepId: stage, stage: stage, kind: "stage", title: "stage \(stage)", location: "",
                    startedAt: started, finishedAt: end, status: status, message: message))
        }
        emit(
            RunEvent(
                at: end, kind: .stageFinished, runId: runId, stage: stage, title: "stage \(stage)", status: status.rawValue,
                message: message, durationSeconds: end.timeIntervalSince(started)))
    }

    func stepStarted(_ record: StepRecord) throws {
        try write { try store.recordStep(record) }
        emit(
            RunEvent(
                at: record.startedAt, kind: .stepStarted, runId: runId, stage: record.stage, stepId: record.stepId,
                title: record.title, location: record.location))
    }

    func stepFinished(_ record: StepRecord, status: StepRecord.Status, message: String?, output: String? = nil) throws {
        var record = record
        record.finishedAt = Date()
        record.status = status
        record.message = redactor.redact(optional: message)
        record.output = redactor.redact(optional: output)
        try write { try store.recordStep(record) }
        emit(
            RunEvent(
                at: record.finishedAt ?? Date(), kind: .stepFinished, runId: runId, stage: record.stage, stepId: record.stepId,
                title: record.title, status: status.rawValue, message: record.message, location: record.location,
                durationSeconds: record.durationSeconds))
    }

    /// A line of progress or output from a step (not stored line by line; `run` output is kept whole).
    func output(_ line: String, step: StepRecord) {
        emit(RunEvent(kind: .stepOutput, runId: runId, stage: step.stage, stepId: step.stepId, title: step.title, message: line))
    }

    // MARK: Gates, samples, traffic

    func gate(_ record: GateEvaluationRecord, stage: String, summary: String) throws {
        try write { try store.recordGateEvaluation(record) }
        emit(
            RunEvent(
                at: record.at, kind: .gateEvaluated, runId: runId, stage: stage, stepId: record.stepId, message: summary,
                location: record.location, environment: record.environment, weight: record.weight,
                expression: record.expression, verdict: record.verdict.rawValue, observed: record.observed))
    }

    func sample(_ record: MetricSampleRecord) throws {
        try write { try store.recordSample(record) }
    }

    func testCase(_ record: TestCaseRecord) throws {
        var record = record
        record.message = redactor.redact(optional: record.message)
        try write { try store.recordTestCase(record) }
    }

    func trafficShifted(environment: String, weight: Double, step: StepRecord, detail: String) throws {
        try audit("canary.weight", environment: environment, detail: detail)
        emit(
            RunEvent(
                kind: .trafficShifted, runId: runId, stage: step.stage, stepId: step.stepId, title: step.title, message: detail,
                environment: environment, weight: weight))
    }

    // MARK: Revisions and deployments

    func revision(_ record: RevisionRecord) throws {
        try write { try store.recordRevision(record) }
    }

    func deploymentStarted(
        environment: String, revisionId: String, previous: String?, strategy: String
    ) throws -> DeploymentRecord {
        var record = DeploymentRecord(
            runId: runId, environment: environment, revisionId: revisionId, previousRevisionId: previous, strategy: strategy,
            startedAt: Date())
        try write { record = try store.startDeployment(record) }
        try audit("\(strategy).start", environment: environment, detail: "\(strategy) \(revisionId) (stable: \(previous ?? "none"))")
        return record
    }

    func deploymentFinished(_ record: DeploymentRecord, outcome: DeploymentRecord.Outcome, message: String, step: StepRecord?) throws {
        let message = redactor.redact(message)
        try write { try store.finishDeployment(id: record.id, outcome: outcome, message: message, at: Date()) }
        let action: String
        switch outcome {
        case .promoted: action = "promote"
        case .rolledBack: action = "rollback"
        default: action = "\(record.strategy).\(outcome.rawValue)"
        }
        try audit(action, environment: record.environment, detail: message)
        switch outcome {
        case .promoted:
            emit(RunEvent(kind: .promoted, runId: runId, stage: step?.stage, stepId: step?.stepId, message: message, environment: record.environment))
        case .rolledBack:
            emit(
                RunEvent(kind: .rolledBack, runId: runId, stage: step?.stage, stepId: step?.stepId, message: message,
                         environment: record.environment, weight: 0))
        default:
            break
        }
    }

    func flag(environment: String, flag: String, percent: Double) throws {
        try write { try store.recordFlag(FlagRecord(environment: environment, flag: flag, percent: percent, at: Date(), runId: runId)) }
    }

    /// A flag's share as found on the instances, set by no run (before a rollout changes it).
    func observedFlag(environment: String, flag: String, percent: Double) throws {
        try write { try store.recordFlag(FlagRecord(environment: environment, flag: flag, percent: percent, at: Date(), runId: nil)) }
    }

    func audit(_ action: String, environment: String?, detail: String) throws {
        let detail = redactor.redact(detail)
        try write {
            _ = try store.appendAudit(
                AuditEntry(at: Date(), actor: actor, action: action, environment: environment, runId: runId, detail: detail))
        }
    }
}
