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
