import Foundation
import GWContract
import GWPlan
import GWStateStore

/// The interpreter: runs one pipeline of a checked program stage by stage against its environments,
/// records everything in the state store as it goes, and ends with an exit status — 0 every stage
/// passed, 1 a gate, test or step failed (after rollback), 2 a configuration error found before
/// anything moved, 3 an infrastructure failure, 130 cancelled.
public struct PipelineRunner: Sendable {
    /// gwpipe's version: `--version`, SARIF logs and reports.
    public static let toolVersion = "0.2.0"

    public let input: PipelineInput
    public let options: RunOptions
    public let store: StateStore
    public let observer: any RunObserver
    public let approver: any Approver

    public init(input: PipelineInput, options: RunOptions, store: StateStore, observer: any RunObserver, approver: any Approver = NoApprover()) {
        self.input = input
        self.options = options
        self.store = store
        self.observer = observer
        self.approver = approver
    }

    /// The pipeline the options name, or the only one.
    public func selectPipeline() throws -> (name: String, plan: PipelinePlan) {
        let names = input.plan.pipelines.keys.sorted()
        if let wanted = options.pipeline {
            guard let plan = input.plan.pipelines[wanted] else {
                let known = names.isEmpty ? "the file declares none" : "known: \(names.joined(separator: ", "))"
                throw PipelineError(.configuration, "there is no pipeline '\(wanted)' in \(input.file) (\(known))")
            }
            return (wanted, plan)
        }
        guard names.count == 1, let plan = input.plan.pipelines[names[0]] else {
            if names.isEmpty { throw PipelineError(.configuration, "\(input.file) declares no pipeline to run") }
            throw PipelineError(.configuration, "\(input.file) declares several pipelines: name one with --pipeline (\(names.joined(separator: ", ")))")
        }
        return (names[0], plan)
    }

    public func run() async -> RunOutcome {
        let pipeline: (name: String, plan: PipelinePlan)
        let resumed: RunRecord?
        do {
            pipeline = try selectPipeline()
            try Preflight(input: input).run(pipeline.plan)
            resumed = try resumableRun(pipeline.name)
        } catch {
            let failure = error as? PipelineError ?? PipelineError(.configuration, "\(error)")
            return RunOutcome(runId: 0, status: .error, exitCode: failure.exitCode, message: failure.message)
        }
        let redactor = SecretValues.redactor(for: input, environment: options.environmentVariables)
        let git = GitFacts.read(directory: input.baseDirectory.path, environment: options.environmentVariables)
        let actor = Self.actor(options.environmentVariables)
        let run: RunRecord
        do {
            if var resumed {
                resumed.status = .running
                resumed.pid = getpid()
                resumed.host = StateStore.localHost
                resumed.finishedAt = nil
                resumed.exitCode = nil
                resumed.message = nil
                try store.updateRun(resumed)
                run = resumed
            } else {
                run = try store.startRun(
                    RunRecord(
                        pipeline: pipeline.name, file: input.file, startedAt: Date(), gitCommit: git.commit, gitBranch: git.branch,
                        actor: actor, pid: getpid(), host: StateStore.localHost))
            }
        } catch {
            return RunOutcome(runId: 0, status: .error, exitCode: 3, message: "the state store failed: \(error)")
        }
        let recorder = RunRecorder(store: store, runId: run.id, observer: observer, redactor: redactor, actor: actor)
        let environments = EnvironmentSet(
            plan: input.plan, baseline: input.baseline, store: store, environmentVariables: options.environmentVariables,
            ephemeralPorts: options.ephemeralPorts, timelineSpeed: 1 / PipelineClock(scale: options.timeScale).scale)
        let context = RunContext(
            input: input, options: options, recorder: recorder, environments: environments,
            clock: PipelineClock(scale: options.timeScale), approver: approver, rollouts: ActiveRollouts(), git: git)
        try? recorder.audit(resumed == nil ? "run.start" : "run.resume", environment: nil, detail: "\(pipeline.name) from \(input.file)")
        recorder.emit(
            RunEvent(
                kind: .runStarted, runId: run.id, title: pipeline.name,
                message: resumed == nil ? "run \(run.id) of \(pipeline.name) (\(input.file))" : "resuming run \(run.id) of \(pipeline.name)"))

        let passedBefore = Set((try? store.steps(runId: run.id))?.filter { $0.status == .passed }.map(\.stepId) ?? [])
        let outcome = await StageSequence(
            context: context, pipeline: pipeline.name, plan: pipeline.plan, passedBefore: passedBefore,
            resumedApproval: resumed?.waitingAt
        ).run()

        await context.rollouts.rollBackAll()
        await environments.stopAll()
        var finished = run
        finished.status = outcome.status
        finished.exitCode = outcome.exitCode
        finished.message = redactor.redact(outcome.message)
        finished.finishedAt = Date()
        finished.waitingAt = outcome.waitingAt
        do {
            try store.updateRun(finished)
        } catch {
            return RunOutcome(runId: run.id, status: .error, exitCode: 3, message: "the state store failed: \(error)")
        }
        try? recorder.audit("run.\(outcome.status.rawValue)", environment: nil, detail: finished.message ?? "")
        let reportProblems = ReportWriter(store: store, options: options, context: context).write(runId: run.id)
        recorder.emit(
            RunEvent(
                kind: .runFinished, runId: run.id, title: pipeline.name, status: outcome.status.rawValue,
                message: ([finished.message ?? ""] + reportProblems).filter { !$0.isEmpty }.joined(separator: "; "),
                durationSeconds: Date().timeIntervalSince(run.startedAt), exitCode: outcome.exitCode))
        observer.finish()
        let exitCode = reportProblems.isEmpty ? outcome.exitCode : max(outcome.exitCode, 3)
        return RunOutcome(runId: run.id, status: outcome.status, exitCode: exitCode, message: finished.message ?? "")
    }

    /// With `--resume`, the run to continue: it must exist, be of this pipeline, and wait for approval.
    private func resumableRun(_ pipeline: String) throws -> RunRecord? {
        guard let id = options.resume else { return nil }
        _ = try? store.markInterruptedRuns(now: Date())
        guard let run = try store.run(id: id) else {
            throw PipelineError(.configuration, "there is no run \(id) to resume in the state store")
        }
        guard run.status == .waitingApproval else {
            throw PipelineError(.configuration, "run \(id) is \(run.status.rawValue), not waiting for approval: nothing to resume")
        }
        guard run.pipeline == pipeline else {
            throw PipelineError(.configuration, "run \(id) ran pipeline \(run.pipeline), not \(pipeline)")
        }
        return run
    }

    static func actor(_ environment: [String: String]) -> String {
        let user = environment["GITHUB_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }
}
