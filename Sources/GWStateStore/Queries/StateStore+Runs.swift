import Foundation
import GRDB

extension StateStore {
    /// Records a run that is starting and returns it with its assigned id (the `id` passed in is ignored).
    @discardableResult
    public func startRun(_ run: RunRecord) throws -> RunRecord {
        var inserted = run
        inserted.id = 0
        return try write { db in
            try inserted.insert(db)
            return inserted
        }
    }

    /// Replaces every field of a stored run (matched by `id`).
    public func updateRun(_ run: RunRecord) throws {
        let updated = try write { db -> Bool in
            guard run.id > 0, try RunRecord.exists(db, key: run.id) else { return false }
            try run.update(db)
            return true
        }
        if !updated { throw StateStoreError.notFound(path: path, what: "run \(run.id)") }
    }

    /// Takes a run that waits for approval back to `running` for the process `pid` on `host`, in
    /// one compare-and-set: of two `--resume` of the same run, exactly one gets the run back; the
    /// other gets nil (the run no longer waits), as does a run that never waited.
    public func claimWaitingRun(id: Int64, pid: Int32, host: String) throws -> RunRecord? {
        try write { db in
            try db.execute(
                sql: """
                    UPDATE runs SET status = ?, pid = ?, host = ?, finished_at = NULL, exit_code = NULL, message = NULL
                    WHERE id = ? AND status = ?
                    """,
                arguments: [
                    RunRecord.Status.running.rawValue, pid, host, id, RunRecord.Status.waitingApproval.rawValue,
                ])
            guard db.changesCount == 1 else { return nil }
            return try RunRecord.fetchOne(db, key: id)
        }
    }

    /// Records how a run ended.
    public func finishRun(id: Int64, status: RunRecord.Status, exitCode: Int32?, message: String?, at: Date) throws {
        let changed = try write { db in
            try db.execute(
                sql: "UPDATE runs SET status = ?, exit_code = ?, message = ?, finished_at = ? WHERE id = ?",
                arguments: [status.rawValue, exitCode, message, at.timeIntervalSince1970, id])
            return db.changesCount
        }
        if changed == 0 { throw StateStoreError.notFound(path: path, what: "run \(id)") }
    }

    /// One run, or nil when there is none with that id.
    public func run(id: Int64) throws -> RunRecord? {
        try read { db in try RunRecord.fetchOne(db, key: id) }
    }

    /// Runs newest first, of one pipeline and/or of runs that deployed to one environment.
    /// A `limit` of zero or less means all of them.
    public func runs(pipeline: String? = nil, environment: String? = nil, limit: Int = 50) throws -> [RunRecord] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let pipeline {
            conditions.append("pipeline = ?")
            arguments += [pipeline]
        }
        if let environment {
            conditions.append("id IN (SELECT run_id FROM deployments WHERE environment = ? AND run_id IS NOT NULL)")
            arguments += [environment]
        }
        var sql = "SELECT * FROM runs"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if limit > 0 {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read { db in try RunRecord.fetchAll(db, sql: sql, arguments: arguments) }
    }
}
