import Foundation
import GRDB
import XCTest

@testable import GWStateStore

/// Revisions (first record wins), deployments and the stable revision, flags, and the audit log
/// that the database itself keeps append-only.
final class RevisionAndDeploymentTests: XCTestCase {
    func testTheFirstRecordOfARevisionWins() throws {
        let store = try StoreFixture.openStore()
        let original = StoreFixture.revision("sha256:abc", commit: "1111111", committedAt: StoreFixture.time(-3_600))
        try store.recordRevision(original)
        // A revert commit rebuilds the same content: it must not rewrite where the revision came from.
        try store.recordRevision(
            StoreFixture.revision("sha256:abc", commit: "2222222", committedAt: StoreFixture.time()))
        XCTAssertEqual(try store.revision(id: "sha256:abc"), original)
        XCTAssertEqual(try store.revision(id: "sha256:abc")?.canonicalJSON, Data("{\"id\":\"sha256:abc\"}".utf8))
        XCTAssertNil(try store.revision(id: "sha256:nope"))
    }

    func testStableRevisionFollowsPromotionsAndIgnoresRollbacks() throws {
        let store = try StoreFixture.openStore()
        for id in ["sha256:r1", "sha256:r2", "sha256:r3"] { try store.recordRevision(StoreFixture.revision(id)) }
        XCTAssertNil(try store.stableRevision(environment: "production"))

        try StoreFixture.deploy(store, revision: "sha256:r1", strategy: "deploy", start: 0, outcome: .promoted)
        XCTAssertEqual(try store.stableRevision(environment: "production")?.id, "sha256:r1")

        try StoreFixture.deploy(store, revision: "sha256:r2", start: 100, outcome: .rolledBack)
        try StoreFixture.deploy(store, revision: "sha256:r2", start: 200, outcome: .failed)
        try StoreFixture.deploy(store, revision: "sha256:r3", start: 300, outcome: .inProgress)
        XCTAssertEqual(try store.stableRevision(environment: "production")?.id, "sha256:r1")

        try StoreFixture.deploy(store, revision: "sha256:r2", environment: "staging", start: 400, outcome: .promoted)
        XCTAssertEqual(try store.stableRevision(environment: "production")?.id, "sha256:r1")
        XCTAssertEqual(try store.stableRevision(environment: "staging")?.id, "sha256:r2")

        try StoreFixture.deploy(store, revision: "sha256:r3", start: 500, outcome: .promoted)
        XCTAssertEqual(try store.stableRevision(environment: "production")?.id, "sha256:r3")
        // A manual rollback to r1 that completes makes r1 stable again.
        try StoreFixture.deploy(store, revision: "sha256:r1", strategy: "rollback", start: 600, outcome: .promoted)
        XCTAssertEqual(try store.stableRevision(environment: "production")?.id, "sha256:r1")
    }

    func testDeploymentsRoundTripNewestFirst() throws {
        let store = try StoreFixture.openStore()
        let run = try store.startRun(StoreFixture.run())
        let input = DeploymentRecord(
            id: 77, runId: run.id, environment: "production", revisionId: "sha256:r2", previousRevisionId: "sha256:r1",
            strategy: "blue_green", startedAt: StoreFixture.time(10))
        let started = try store.startDeployment(input)
        XCTAssertEqual(started.id, 1, "the store assigns ids, whatever was passed")
        let second = try StoreFixture.deploy(store, revision: "sha256:r3", environment: "staging", start: 20)
        try store.finishDeployment(id: started.id, outcome: .promoted, message: "switched", at: StoreFixture.time(70))

        var expected = started
        expected.outcome = .promoted
        expected.message = "switched"
        expected.finishedAt = StoreFixture.time(70)
        XCTAssertEqual(try store.deployments(environment: "production"), [expected])
        XCTAssertEqual(try store.deployments().map(\.id), [second.id, started.id])
        XCTAssertEqual(try store.deployments(limit: 1).map(\.id), [second.id])
        XCTAssertThrowsError(try store.finishDeployment(id: 99, outcome: .failed, message: nil, at: Date())) {
            XCTAssertEqual($0 as? StateStoreError, .notFound(path: store.path, what: "deployment 99"))
        }
    }

    func testFlagsReportTheLatestShareOfEachFlag() throws {
        let store = try StoreFixture.openStore()
        let changes = [
            FlagRecord(environment: "production", flag: "new_router", percent: 5, at: StoreFixture.time(0), runId: nil),
            FlagRecord(
                environment: "production", flag: "new_router", percent: 25, at: StoreFixture.time(60), runId: nil),
            FlagRecord(environment: "production", flag: "cache", percent: 100, at: StoreFixture.time(30), runId: nil),
            FlagRecord(environment: "staging", flag: "new_router", percent: 100, at: StoreFixture.time(90), runId: nil),
        ]
        for change in changes { try store.recordFlag(change) }
        XCTAssertEqual(try store.flags(environment: "production"), [changes[2], changes[1]])
        XCTAssertEqual(try store.flags(environment: "staging"), [changes[3]])
        XCTAssertEqual(try store.flags(environment: "dev"), [])
    }

    func testTheAuditLogIsAppendOnly() throws {
        let store = try StoreFixture.openStore()
        let run = try store.startRun(StoreFixture.run())
        let first = try store.appendAudit(
            AuditEntry(
                at: StoreFixture.time(1), actor: "alice@ci", action: "deploy", environment: "staging", runId: run.id,
                detail: "deploy sha256:r1"))
        let second = try store.appendAudit(
            AuditEntry(
                at: StoreFixture.time(2), actor: "bob@laptop", action: "promote", environment: "production", runId: nil,
                detail: "promote sha256:r1"))
        XCTAssertEqual([first.id, second.id], [1, 2])
        XCTAssertEqual(try store.audit(), [second, first])
        XCTAssertEqual(try store.audit(environment: "staging"), [first])
        XCTAssertEqual(try store.audit(runId: run.id), [first])
        XCTAssertEqual(try store.audit(environment: "production", runId: run.id), [])
        XCTAssertEqual(try store.audit(limit: 1), [second])

        XCTAssertThrowsError(
            try store.write { db in try db.execute(sql: "UPDATE audit SET detail = 'nothing happened'") }
        ) {
            XCTAssertTrue("\($0)".contains("the audit log is append-only: its entries cannot be changed"), "\($0)")
        }
        XCTAssertThrowsError(try store.write { db in try db.execute(sql: "DELETE FROM audit WHERE id = 1") }) {
            XCTAssertTrue("\($0)".contains("the audit log is append-only: its entries cannot be deleted"), "\($0)")
        }
        XCTAssertEqual(try store.audit(), [second, first])
    }
}
