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
        let fingerprint: PlanFingerprint
        let git = await GitFacts.read(directory: input.baseDirectory.path, environment: options.environmentVariables)
        do {
            pipeline = try selectPipeline()
            try Preflight(input: input).run(pipeline.plan)
            fingerprint = try PlanFingerprint.of(input, pipeline: pipeline.plan)
            resumed = try resumableRun(pipeline.name, fingerprint: fingerprint, git: git)
        } catch let error as StateStoreError {
            return RunOutcome(runId: 0, status: .error, exitCode: 3, message: "the state store failed: \(error)")
        } catch {
            let failure = error as? PipelineError ?? PipelineError(.configuration, "\(error)")
            return RunOutcome(runId: 0, status: .error, exitCode: failure.exitCode, message: failure.message)
        }
        let redactor = SecretValues.redactor(for: input, environment: options.environmentVariables)
        let actor = Self.actor(options.environmentVariables)
        let run: RunRecord
        if let resumed {
            // Already back to `running` for this process: `resumableRun` claimed it.
            run = resumed
        } else {
            do {
                run = try store.startRun(
                    RunRecord(
                        pipeline: pipeline.name, file: input.file, startedAt: Date(), gitCommit: git.commit, gitBranch: git.branch,
                        actor: actor, pid: getpid(), host: StateStore.localHost, planFingerprint: fingerprint))
            } catch {
                return RunOutcome(runId: 0, status: .error, exitCode: 3, message: "the state store failed: \(error)")
            }
        }
        let recorder = RunRecorder(store: store, runId: run.id, observer: observer, redactor: redactor, actor: actor)
        let environments = EnvironmentSet(
            plan: input.plan, baseline: input.baseline, store: store, environmentVariables: options.environmentVariables,
            ephemeralPorts: options.ephemeralPorts, timelineSpeed: 1 / PipelineClock(scale: options.timeScale).scale)
        let context = RunContext(
            input: input, options: options, recorder: recorder, environments: environments,
            clock: PipelineClock(scale: options.timeScale), approver: approver, rollouts: ActiveRollouts(), git: git)
        if resumed != nil {
            do {
                try context.restoreMoves(from: store)
            } catch {
                return RunOutcome(runId: run.id, status: .error, exitCode: 3, message: "the state store failed: \(error)")
            }
        }
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

    /// With `--resume`, the run to continue, taken back to `running` for this process: it must
    /// exist, be of this pipeline, wait for approval, and be started on what is given now (the same
    /// file, pipeline, revisions and commit: the approval was given for those). Taking it is a
    /// compare-and-set in the store, so of two resumes of one run only one goes on.
    private func resumableRun(_ pipeline: String, fingerprint: PlanFingerprint, git: GitFacts) throws -> RunRecord? {
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
        guard let approvedFor = run.planFingerprint else {
            throw PipelineError(
                .configuration,
                "run \(id) was recorded by an earlier gwpipe that did not keep what it was started on: "
                    + "it cannot be resumed safely; start a new run")
        }
        var changes = approvedFor.changes(in: fingerprint, pipelineName: pipeline)
        if run.gitCommit != git.commit {
            changes.append("the commit is \(git.commit.map(Short.commit) ?? "unknown"), the run was started at \(run.gitCommit.map(Short.commit) ?? "no commit")")
        }
        if !changes.isEmpty {
            throw PipelineError(
                .configuration,
                "run \(id) cannot be resumed: what it waits to release changed since it stopped (\(changes.joined(separator: "; "))); "
                    + "start a new run for the new version")
        }
        guard let claimed = try store.claimWaitingRun(id: id, pid: getpid(), host: StateStore.localHost) else {
            let now = try store.run(id: id)
            let by = now.map { " (now \($0.status.rawValue), process \($0.pid) on \($0.host))" } ?? ""
            throw PipelineError(.configuration, "run \(id) was resumed by another gwpipe at the same moment\(by): nothing to resume")
        }
        return claimed
    }

    static func actor(_ environment: [String: String]) -> String {
        let user = environment["GITHUB_ACTOR"] ?? environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }
}
