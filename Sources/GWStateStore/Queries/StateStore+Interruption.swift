import Foundation
import GRDB

extension StateStore {
    /// This machine's host name, the value to put in `RunRecord.host`.
    public static var localHost: String { ProcessLiveness.localHost }

    /// Finds runs still `running` whose process is gone — recorded on this host, and the kernel
    /// knows no such pid — and records them as `interrupted`, with their `running` steps
    /// `cancelled` ("interrupted") and `in_progress` deployments `interrupted`. Runs of other
    /// hosts are left alone: their pids mean nothing here. Returns the ids of the runs it changed.
    ///
    /// Opening the store does not call this, and reads never change anything: the caller decides.
    @discardableResult
    public func markInterruptedRuns(now: Date = Date()) throws -> [Int64] {
        let host = Self.localHost
        return try write { db in
            let candidates = try Row.fetchAll(
                db, sql: "SELECT id, pid FROM runs WHERE status = ? AND host = ? ORDER BY id",
                arguments: [RunRecord.Status.running.rawValue, host])
            var interrupted: [Int64] = []
            for candidate in candidates {
                let reader = RowReader(candidate, table: RunRecord.databaseTableName)
                let id: Int64 = try reader.value("id")
                let pid: Int32 = try reader.value("pid")
                guard ProcessLiveness.isGone(pid: pid) else { continue }
                let at = now.timeIntervalSince1970
                try db.execute(
                    sql: "UPDATE runs SET status = ?, finished_at = ?, message = ? WHERE id = ?",
                    arguments: [
                        RunRecord.Status.interrupted.rawValue, at,
                        "interrupted: process \(pid) on \(host) ended while the run was in progress", id,
                    ])
                try db.execute(
                    sql: "UPDATE steps SET status = ?, finished_at = ?, message = ? WHERE run_id = ? AND status = ?",
                    arguments: [
                        StepRecord.Status.cancelled.rawValue, at, "interrupted", id, StepRecord.Status.running.rawValue,
                    ])
                try db.execute(
                    sql: """
                        UPDATE deployments SET outcome = ?, finished_at = ?, message = ?
                        WHERE run_id = ? AND outcome = ?
                        """,
                    arguments: [
                        DeploymentRecord.Outcome.interrupted.rawValue, at, "interrupted: the run's process ended", id,
                        DeploymentRecord.Outcome.inProgress.rawValue,
                    ])
                interrupted.append(id)
            }
            return interrupted
        }
    }
}
