import Foundation
import GRDB
import Synchronization
import XCTest

@testable import GWStateStore

/// `--resume`: a run keeps what it was started on (file, pipeline hash, revisions), and taking a
/// waiting run back to `running` is a compare-and-set, so two resumes cannot both go on.
final class ResumeClaimTests: XCTestCase {
    static let fingerprint = PlanFingerprint(
        file: "/work/gateway.gwpipe", pipeline: "sha256:" + String(repeating: "a", count: 64),
        environments: ["production": "sha256:" + String(repeating: "b", count: 64), "staging": "sha256:" + String(repeating: "c", count: 64)])

    func testTheFingerprintRoundTripsAndANullOneReadsAsNil() throws {
        let store = try StoreFixture.openStore()
        var run = StoreFixture.run()
        run.planFingerprint = Self.fingerprint
        let stored = try store.startRun(run)
        XCTAssertEqual(try store.run(id: stored.id)?.planFingerprint, Self.fingerprint)
        let old = try store.startRun(StoreFixture.run())
        XCTAssertNil(try store.run(id: old.id)?.planFingerprint)
    }

    func testOnlyOneClaimOfAWaitingRunSucceeds() throws {
        let store = try StoreFixture.openStore()
        var run = try store.startRun(StoreFixture.run())
        run.status = .waitingApproval
        run.waitingAt = "production.1"
        run.exitCode = 1
        run.finishedAt = StoreFixture.time(5)
        run.message = "waiting for approval"
        try store.updateRun(run)

        let claimed = try XCTUnwrap(try store.claimWaitingRun(id: run.id, pid: 4242, host: "runner-2"))
        XCTAssertEqual(claimed.status, .running)
        XCTAssertEqual(claimed.pid, 4242)
        XCTAssertEqual(claimed.host, "runner-2")
        XCTAssertNil(claimed.finishedAt)
        XCTAssertNil(claimed.exitCode)
        XCTAssertNil(claimed.message)
        XCTAssertEqual(claimed.waitingAt, "production.1", "the step the approval waited at is still known")

        XCTAssertNil(try store.claimWaitingRun(id: run.id, pid: 4343, host: "runner-3"), "a second claim went through")
        XCTAssertEqual(try store.run(id: run.id)?.pid, 4242, "the second claim changed the run")
        XCTAssertNil(try store.claimWaitingRun(id: 999, pid: 1, host: "h"))
    }

    func testClaimsRacingFromManyThreadsLetExactlyOneThrough() throws {
        let path = try StoreFixture.temporaryPath()
        let store = try StateStore.open(path: path)
        var run = try store.startRun(StoreFixture.run())
        run.status = .waitingApproval
        try store.updateRun(run)
        // Separate connections (as two processes would have), all claiming at once.
        let stores = try (0..<8).map { _ in try StateStore.open(path: path) }
        let winnersBox = Mutex<[Int32]>([])
        let id = run.id
        DispatchQueue.concurrentPerform(iterations: stores.count) { index in
            if (try? stores[index].claimWaitingRun(id: id, pid: Int32(100 + index), host: "h")) != nil {
                winnersBox.withLock { $0.append(Int32(100 + index)) }
            }
        }
        let winners = winnersBox.withLock { $0 }
        XCTAssertEqual(winners.count, 1, "\(winners)")
        XCTAssertEqual(try store.run(id: run.id)?.pid, winners.first)
    }

    /// A store written before the fingerprint existed is migrated in place: its runs read back,
    /// without a fingerprint.
    func testAStoreOfTheFirstSchemaGainsTheColumnAndKeepsItsRuns() throws {
        let path = try StoreFixture.temporaryPath()
        do {
            let pool = try DatabasePool(path: path)
            try StateSchema.migrator.migrate(pool, upTo: "v1-tables")
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO runs (pipeline, file, started_at, status, actor, pid, host, waiting_at)
                        VALUES ('release', 'gateway.gwpipe', 0, 'waiting_approval', 'a@h', 1, 'h', 'production.1')
                        """)
            }
            try pool.close()
        }
        let store = try StateStore.open(path: path)
        let run = try XCTUnwrap(try store.run(id: 1))
        XCTAssertEqual(run.status, .waitingApproval)
        XCTAssertNil(run.planFingerprint)
    }
}
