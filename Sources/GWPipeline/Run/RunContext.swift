import Foundation
import GWPlan
import GWStateStore
import NIOConcurrencyHelpers

/// What every step of one run shares: the program, the record, the environments, the clock.
final class RunContext: Sendable {
    let input: PipelineInput
    let options: RunOptions
    let recorder: RunRecorder
    let environments: EnvironmentSet
    let clock: PipelineClock
    let approver: any Approver
    let rollouts: ActiveRollouts
    let git: GitFacts
    /// Scan findings and diagnostics gathered for `--sarif`.
    let sarifInputs = NIOLockedValueBox(SARIFInputs())
    /// Each environment's stable revision when the run first touched it, for `rollback ENV`.
    private let stableAtStart = NIOLockedValueBox<[String: String]>([:])
    /// Whether a strategy of this run moved an environment (so `rollback` has something to undo).
    private let moved = NIOLockedValueBox<Set<String>>([])
    /// Per environment, each flag whose share this run changed, and its share before the run.
    private let flagsAtStart = NIOLockedValueBox<[String: [String: Double]]>([:])

    init(
        input: PipelineInput, options: RunOptions, recorder: RunRecorder, environments: EnvironmentSet, clock: PipelineClock,
        approver: any Approver, rollouts: ActiveRollouts, git: GitFacts
    ) {
        self.input = input
        self.options = options
        self.recorder = recorder
        self.environments = environments
        self.clock = clock
        self.approver = approver
        self.rollouts = rollouts
        self.git = git
    }

    var plan: Plan { input.plan }
    var runId: Int64 { recorder.runId }

    func noteStableAtStart(_ environment: String, _ id: String?) {
        stableAtStart.withLockedValue { known in
            if known[environment] == nil { known[environment] = id ?? "" }
        }
    }

    /// The stable revision before this run changed anything; nil when there was none.
    func stableBeforeRun(_ environment: String) -> String? {
        stableAtStart.withLockedValue { known in known[environment].flatMap { $0.isEmpty ? nil : $0 } }
    }

    func noteMoved(_ environment: String) {
        _ = moved.withLockedValue { $0.insert(environment) }
    }

    func hasMoved(_ environment: String) -> Bool {
        moved.withLockedValue { $0.contains(environment) }
    }

    /// A flag rollout of this run changes `flag` in `environment`, which had share `before` (the
    /// first share seen wins: a second rollout of the flag does not move the starting point).
    func noteFlagMoved(_ environment: String, flag: String, before: Double) {
        flagsAtStart.withLockedValue { known in
            if known[environment]?[flag] == nil { known[environment, default: [:]][flag] = before }
        }
        noteMoved(environment)
    }

    /// The flags this run changed in `environment`, with their share before the run.
    func flagsMoved(_ environment: String) -> [String: Double] {
        flagsAtStart.withLockedValue { $0[environment] ?? [:] }
    }

    /// A resumed run starts in a new process: what it moved before it stopped, and what each
    /// environment served and each flag's share before that, come back from the store, so an
    /// `on failure` rollback after the resume knows what to undo.
    func restoreMoves(from store: StateStore) throws {
        for deployment in try store.deployments(runId: runId) {
            noteStableAtStart(deployment.environment, deployment.previousRevisionId)
            noteMoved(deployment.environment)
        }
        for change in try store.flagChanges(runId: runId) {
            let before = try store.flagShare(environment: change.environment, flag: change.flag, beforeRun: runId) ?? 0
            noteFlagMoved(change.environment, flag: change.flag, before: before)
        }
    }

    /// The environment's started handle, with its stable revision at start noted.
    func environment(_ name: String) async throws -> EnvironmentHandle {
        let handle = try await environments.handle(name)
        if let first = handle.instances.first {
            let status = try await first.checked("read the status of") { try await $0.status() }
            noteStableAtStart(name, status.stable)
            // What a fleet served before this run, kept so `gwpipe rollback` can go back to it.
            if !handle.isEmbedded, let stable = status.stable, (try? recorder.store.revision(id: stable)) == nil,
                let revision = try? await first.control.revision(stable)
            {
                try? recorder.revision(
                    RevisionRecord(
                        id: stable, environment: name, sourceFile: first.name, gitCommit: nil, gitAuthor: nil, gitMessage: nil,
                        gitCommittedAt: nil, recordedAt: Date(), canonicalJSON: CanonicalJSON.encode(revision)))
            }
        }
        return handle
    }

    /// Resolves a path written in the file (suite, script) against the file's folder.
    func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : input.baseDirectory.appendingPathComponent(path)
    }

    /// Records the file's revision of an environment with the run's git facts (first record wins,
    /// so a revert keeps the commit that first produced the revision).
    func recordRevision(_ name: String, _ environment: EnvironmentPlan) throws {
        try recorder.revision(
            RevisionRecord(
                id: environment.revisionId, environment: name, sourceFile: input.file, gitCommit: git.commit,
                gitAuthor: git.author, gitMessage: git.message, gitCommittedAt: git.committedAt, recordedAt: Date(),
                canonicalJSON: CanonicalJSON.encode(environment.revision)))
    }
}
