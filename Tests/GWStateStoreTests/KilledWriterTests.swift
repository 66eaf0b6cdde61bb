import Foundation
import GRDB
import XCTest

@testable import GWStateStore

/// A process killed with SIGKILL in the middle of writing leaves a consistent database whose run
/// is then found interrupted.
///
/// The writer is this very test binary, started again to run only `testWriterChild` with
/// `GWPIPE_STATE_WRITER` naming the database: it records a run and then steps, samples and audit
/// lines as fast as it can until it is killed.
final class KilledWriterTests: XCTestCase {
    private static let writerVariable = "GWPIPE_STATE_WRITER"

    func testAStoreWrittenByAKilledProcessIsConsistent() throws {
        let path = try StoreFixture.temporaryPath()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["GWStateStoreTests.KilledWriterTests/testWriterChild"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.writerVariable: path]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Wait until the child is well into its writes, then kill it without warning.
        let store = try waitForStore(at: path)
        let deadline = Date().addingTimeInterval(60)
        var steps = 0
        while steps < 200 && Date() < deadline && child.isRunning {
            steps = (try? store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM steps") ?? 0 }) ?? 0
            usleep(5_000)
        }
        XCTAssertTrue(child.isRunning, "the writer stopped on its own (status \(child.terminationStatus))")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)
        XCTAssertGreaterThanOrEqual(steps, 200, "the writer did not get far enough before the deadline")
        try store.close()

        let reopened = try StateStore.open(path: path)
        let check = try reopened.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        XCTAssertEqual(check, "ok")
        let foreignKeyViolations = try reopened.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        XCTAssertEqual(foreignKeyViolations.count, 0)
        let run = try XCTUnwrap(try reopened.runs().first)
        XCTAssertEqual(run.status, .running)
        XCTAssertEqual(try reopened.markInterruptedRuns(), [run.id])
        let detail = try XCTUnwrap(try reopened.detail(runId: run.id))
        XCTAssertEqual(detail.run.status, .interrupted)
        XCTAssertGreaterThanOrEqual(detail.steps.count, 200)
        XCTAssertFalse(detail.steps.contains { $0.status == .running })
        // Each iteration wrote a step, a sample and an audit line in separate transactions: the
        // counts may differ by the one iteration the kill cut short, never more.
        XCTAssertLessThanOrEqual(abs(detail.steps.count - detail.samples.count), 1)
        XCTAssertLessThanOrEqual(abs(detail.samples.count - detail.audit.count), 1)
        XCTAssertEqual(detail.deployments.map(\.outcome), [.interrupted])
    }

    /// The writer; does nothing unless started by the test above.
    func testWriterChild() throws {
        guard let path = ProcessInfo.processInfo.environment[Self.writerVariable] else { return }
        let store = try StateStore.open(path: path)
        let run = try store.startRun(StoreFixture.run(pid: getpid()))
        try store.recordRevision(StoreFixture.revision("sha256:r1"))
        try StoreFixture.deploy(store, revision: "sha256:r1", run: run.id, start: 0, outcome: .inProgress)
        try Data().write(to: URL(fileURLWithPath: Self.readyMarker(for: path)))
        // Bounded, so an orphaned writer ends by itself.
        for index in 0..<200_000 {
            var step = StoreFixture.step(run: run.id, id: "production.\(index)", at: Double(index))
            try store.recordStep(step)
            try store.recordSample(
                MetricSampleRecord(
                    runId: run.id, environment: "production", at: StoreFixture.time(Double(index)), slot: "canary",
                    revisionId: "sha256:r1", requests: index, errors: 0, errorRate: 0, p99Latency: 10, weight: 5))
            try store.appendAudit(
                AuditEntry(
                    at: StoreFixture.time(Double(index)), actor: "writer", action: "canary.weight",
                    environment: "production", runId: run.id, detail: "step \(index)"))
            step.status = .passed
            step.finishedAt = StoreFixture.time(Double(index) + 0.5)
            try store.recordStep(step)
        }
    }

    /// The file the writer creates once its store is migrated and its run recorded, so the test
    /// never opens (and migrates) the store at the same moment as the writer.
    private static func readyMarker(for path: String) -> String { path + ".ready" }

    private func waitForStore(at path: String) throws -> StateStore {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: Self.readyMarker(for: path)) {
                return try StateStore.open(path: path)
            }
            usleep(10_000)
        }
        throw StateStoreError.notFound(path: path, what: "the writer's run")
    }
}
