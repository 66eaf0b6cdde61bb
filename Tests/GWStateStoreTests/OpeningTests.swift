import Foundation
import GRDB
import XCTest

@testable import GWStateStore

/// Opening a store: migrations on a fresh file and on reopen, WAL, foreign keys, the path's
/// precedence, and clear errors for paths that cannot be a store.
final class OpeningTests: XCTestCase {
    func testFreshFileIsMigratedInWALModeWithForeignKeys() throws {
        let path = try StoreFixture.temporaryPath()
        let store = try StateStore.open(path: path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        let (tables, migrations, journal, foreignKeys) = try store.read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        for table in [
            "audit", "deployments", "flags", "gate_evaluations", "metric_samples", "revisions", "runs", "steps",
            "test_cases",
        ] {
            XCTAssertTrue(tables.contains(table), "missing table \(table) in \(tables)")
        }
        XCTAssertEqual(migrations, ["v1-tables", "v2-run-plan-fingerprint", "v3-test-case-skipped"])
        XCTAssertEqual(journal, "wal")
        XCTAssertEqual(foreignKeys, 1)
        XCTAssertThrowsError(try store.recordStep(StoreFixture.step(run: 99, id: "a", at: 0))) { error in
            XCTAssertTrue("\(error)".contains("FOREIGN KEY"), "\(error)")
        }
    }

    func testReopeningKeepsDataAndDoesNotMigrateAgain() throws {
        let path = try StoreFixture.temporaryPath()
        let first = try StateStore.open(path: path)
        let run = try first.startRun(StoreFixture.run())
        try first.close()
        let second = try StateStore.open(path: path)
        XCTAssertEqual(try second.run(id: run.id), run)
        XCTAssertEqual(try second.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") }, 3)
        XCTAssertEqual(try second.startRun(StoreFixture.run()).id, run.id + 1)
    }

    func testMissingParentFoldersAreCreated() throws {
        let base = try StoreFixture.temporaryPath("root")
        let path = base + "/nested/.gwpipe/state.db"
        _ = try StateStore.open(path: path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testADirectoryIsRefusedWithItsPath() throws {
        let directory = URL(fileURLWithPath: try StoreFixture.temporaryPath()).deletingLastPathComponent().path
        XCTAssertThrowsError(try StateStore.open(path: directory)) { error in
            XCTAssertEqual(error as? StateStoreError, .isDirectory(path: directory))
            XCTAssertTrue("\(error)".hasPrefix("\(directory): error: the state store path is a directory"))
        }
    }

    func testAFileThatIsNotADatabaseIsRefused() throws {
        let path = try StoreFixture.temporaryPath("notes.db")
        try Data(String(repeating: "these are my notes, not a database\n", count: 200).utf8)
            .write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try StateStore.open(path: path)) { error in
            XCTAssertEqual(error as? StateStoreError, .notADatabase(path: path))
            XCTAssertTrue("\(error)".contains("\(path): error: not a gwpipe state store"), "\(error)")
        }
        // The file is left as it was: opening must not overwrite what it does not understand.
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("these are my notes"))
    }

    func testAParentThatIsAFileIsRefused() throws {
        let blocker = try StoreFixture.temporaryPath("blocker")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        XCTAssertThrowsError(try StateStore.open(path: blocker + "/state.db")) { error in
            guard case .cannotCreateDirectory(let path, _) = error as? StateStoreError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, blocker)
        }
    }

    func testAnUnreadableFileIsRefused() throws {
        try XCTSkipIf(getuid() == 0, "root reads every file")
        let path = try StoreFixture.temporaryPath()
        _ = try StateStore.open(path: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path) }
        XCTAssertThrowsError(try StateStore.open(path: path)) { error in
            XCTAssertEqual(error as? StateStoreError, .cannotOpen(path: path, reason: "permission denied"))
        }
    }

    /// A store written before test cases could be skipped gets the column on open; its cases read
    /// as not skipped, and new ones keep the flag.
    func testAStoreFromBeforeSkippedCasesIsMigratedOnOpen() throws {
        let path = try StoreFixture.temporaryPath()
        let store = try StateStore.open(path: path)
        let run = try store.startRun(StoreFixture.run())
        try store.recordTestCase(
            TestCaseRecord(runId: run.id, stepId: "s.1", suite: "s", name: "old", passed: true, message: nil, location: "s.yaml:3:5", durationMs: 1))
        // Back to the schema of the gwpipe before: no column, no migration recorded.
        try store.write { db in
            try db.execute(sql: "ALTER TABLE test_cases DROP COLUMN skipped")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-test-case-skipped'")
        }
        try store.close()
        let reopened = try StateStore.open(path: path)
        try reopened.recordTestCase(
            TestCaseRecord(
                runId: run.id, stepId: "s.2", suite: "s", name: "new", passed: false, message: "injects a fault", location: "s.yaml:9:5",
                durationMs: 0, skipped: true))
        let cases = try XCTUnwrap(try reopened.detail(runId: run.id)).testCases
        XCTAssertEqual(cases.map(\.name), ["old", "new"])
        XCTAssertEqual(cases.map(\.skipped), [false, true])
    }

    func testAStoreFromANewerGwpipeIsRefused() throws {
        let path = try StoreFixture.temporaryPath()
        let store = try StateStore.open(path: path)
        try store.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        try store.close()
        XCTAssertThrowsError(try StateStore.open(path: path)) { error in
            XCTAssertEqual(error as? StateStoreError, .newerSchema(path: path, unknownMigrations: ["v9-future"]))
        }
    }

    func testARowWithAnUnknownStatusIsReportedNotTrapped() throws {
        let store = try StoreFixture.openStore()
        let run = try store.startRun(StoreFixture.run())
        try store.write { db in
            try db.execute(sql: "UPDATE runs SET status = 'exploded' WHERE id = ?", arguments: [run.id])
        }
        XCTAssertThrowsError(try store.run(id: run.id)) { error in
            XCTAssertEqual(
                error as? StateStoreError,
                .unreadableRow(
                    path: store.path, table: "runs",
                    reason: "column status holds 'exploded', which this gwpipe does not know"))
        }
    }

    func testPathPrecedenceOptionThenEnvironmentThenDefault() {
        let environment = ["GWPIPE_STATE": "/var/lib/gwpipe/state.db"]
        XCTAssertEqual(StateStore.resolvedPath(option: "here.db", environment: environment), "here.db")
        XCTAssertEqual(StateStore.resolvedPath(option: nil, environment: environment), "/var/lib/gwpipe/state.db")
        XCTAssertEqual(StateStore.resolvedPath(option: "", environment: environment), "/var/lib/gwpipe/state.db")
        XCTAssertEqual(StateStore.resolvedPath(option: nil, environment: ["GWPIPE_STATE": ""]), ".gwpipe/state.db")
        XCTAssertEqual(StateStore.resolvedPath(option: nil, environment: [:]), StateStore.defaultPath)
    }

    func testCallsAfterCloseFailWithAMessage() throws {
        let store = try StoreFixture.openStore()
        try store.close()
        XCTAssertThrowsError(try store.runs()) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(store.path): error:"), "\(error)")
        }
    }
}
