import Foundation
import XCTest

@testable import GWStateStore

/// Fresh stores in temporary folders and records with sensible defaults, so each test states only
/// what it is about.
enum StoreFixture {
    /// A path in a new temporary folder (the folder itself exists; the file does not).
    static func temporaryPath(_ name: String = "state.db") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gwpipe-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    static func openStore() throws -> StateStore {
        try StateStore.open(path: try temporaryPath())
    }

    /// 2024-05-01 00:00:00 UTC plus `seconds`: whole and binary-exact, so dates round-trip equal.
    static func time(_ seconds: Double = 0) -> Date {
        Date(timeIntervalSince1970: 1_714_521_600 + seconds)
    }

    static let day: Double = 86_400
    static let hour: Double = 3_600

    static func run(
        pipeline: String = "release", at seconds: Double = 0, pid: Int32 = getpid(),
        host: String = StateStore.localHost
    ) -> RunRecord {
        RunRecord(
            pipeline: pipeline, file: "gateway.gwpipe", startedAt: time(seconds), gitCommit: "0123456789abcdef",
            gitBranch: "main", actor: "alice@\(host)", pid: pid, host: host)
    }

    static func step(run: Int64, id: String, at seconds: Double, status: StepRecord.Status = .running) -> StepRecord {
        StepRecord(
            runId: run, stepId: id, stage: id.split(separator: ".").first.map(String.init) ?? id, kind: "run",
            title: "run ./smoke.sh", location: "gateway.gwpipe:12:5", startedAt: time(seconds), status: status)
    }

    static func revision(
        _ id: String, environment: String = "production", commit: String = "c1", committedAt: Date? = nil
    )
        -> RevisionRecord
    {
        RevisionRecord(
            id: id, environment: environment, sourceFile: "gateway.gwpipe", gitCommit: commit, gitAuthor: "alice",
            gitMessage: "change routes", gitCommittedAt: committedAt, recordedAt: time(),
            canonicalJSON: Data("{\"id\":\"\(id)\"}".utf8))
    }

    /// Starts a deployment at `start` and, when `outcome` is not in progress, finishes it at `end`.
    @discardableResult
    static func deploy(
        _ store: StateStore, revision: String, environment: String = "production", strategy: String = "canary",
        run: Int64? = nil, start: Double, end: Double? = nil, outcome: DeploymentRecord.Outcome = .promoted
    ) throws -> DeploymentRecord {
        let started = try store.startDeployment(
            DeploymentRecord(
                runId: run, environment: environment, revisionId: revision, previousRevisionId: nil, strategy: strategy,
                startedAt: time(start)))
        guard outcome != .inProgress else { return started }
        try store.finishDeployment(
            id: started.id, outcome: outcome, message: outcome.rawValue, at: time(end ?? start + 60))
        return started
    }

    /// The pid of a process that has exited and been reaped, so the kernel no longer knows it.
    static func deadPid() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }
}
