import Foundation
import GRDB

/// A run is a row of `runs`; the store assigns its id on insert.
extension RunRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "runs"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        self.init(
            id: try reader.value("id"), pipeline: try reader.value("pipeline"), file: try reader.value("file"),
            startedAt: try reader.date("started_at"), finishedAt: try reader.optionalDate("finished_at"),
            status: try reader.enumeration("status"), exitCode: try reader.value("exit_code"),
            message: try reader.value("message"), gitCommit: try reader.value("git_commit"),
            gitBranch: try reader.value("git_branch"), actor: try reader.value("actor"), pid: try reader.value("pid"),
            host: try reader.value("host"), resumeOf: try reader.value("resume_of"),
            waitingAt: try reader.value("waiting_at"), planFingerprint: try reader.json("plan_fingerprint"))
    }

    public func encode(to container: inout PersistenceContainer) {
        // Id 0 means "not stored yet": leave it to SQLite's AUTOINCREMENT.
        container["id"] = id == 0 ? nil : id
        container["pipeline"] = pipeline
        container["file"] = file
        container["started_at"] = startedAt.timeIntervalSince1970
        container["finished_at"] = finishedAt?.timeIntervalSince1970
        container["status"] = status.rawValue
        container["exit_code"] = exitCode
        container["message"] = message
        container["git_commit"] = gitCommit
        container["git_branch"] = gitBranch
        container["actor"] = actor
        container["pid"] = pid
        container["host"] = host
        container["resume_of"] = resumeOf
        container["waiting_at"] = waitingAt
        container["plan_fingerprint"] = RowReader.jsonText(planFingerprint)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
