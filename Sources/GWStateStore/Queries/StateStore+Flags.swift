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
}
