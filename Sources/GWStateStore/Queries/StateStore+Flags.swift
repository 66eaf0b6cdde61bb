import GRDB

extension StateStore {
    /// Records a flag's new rollout share in an environment.
    public func recordFlag(_ flag: FlagRecord) throws {
        try write { db in try flag.insert(db) }
    }

    /// The current share of each flag set in the environment (its latest record), sorted by flag name.
    public func flags(environment: String) throws -> [FlagRecord] {
        try read { db in
            try FlagRecord.fetchAll(
                db,
                sql: """
                    SELECT * FROM flags AS f WHERE f.environment = ? AND f.id = (
                        SELECT g.id FROM flags AS g WHERE g.environment = f.environment AND g.flag = f.flag
                        ORDER BY g.at DESC, g.id DESC LIMIT 1)
                    ORDER BY f.flag
                    """,
                arguments: [environment])
        }
    }

    /// The flag shares one run set, oldest first.
    public func flagChanges(runId: Int64) throws -> [FlagRecord] {
        try read { db in
            try FlagRecord.fetchAll(db, sql: "SELECT * FROM flags WHERE run_id = ? ORDER BY id", arguments: [runId])
        }
    }

    /// A flag's share in an environment just before run `runId` first set it: the latest record
    /// before that one (set by another run, or observed); nil when there is none.
    public func flagShare(environment: String, flag: String, beforeRun runId: Int64) throws -> Double? {
        try read { db in
            try Double.fetchOne(
                db,
                sql: """
                    SELECT percent FROM flags WHERE environment = ? AND flag = ? AND id < (
                        SELECT coalesce(min(id), 9223372036854775807) FROM flags
                        WHERE environment = ? AND flag = ? AND run_id = ?)
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [environment, flag, environment, flag, runId])
        }
    }
}
