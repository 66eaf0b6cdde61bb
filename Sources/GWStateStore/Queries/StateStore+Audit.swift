import GRDB

extension StateStore {
    /// Appends a line to the audit log and returns it with its assigned id. Lines are never
    /// changed or removed: the database refuses it.
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) throws -> AuditEntry {
        var inserted = entry
        inserted.id = 0
        return try write { db in
            try inserted.insert(db)
            return inserted
        }
    }

    /// Audit lines newest first, of one environment and/or one run. A `limit` of zero or less means all.
    public func audit(environment: String? = nil, runId: Int64? = nil, limit: Int = 100) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let environment {
            conditions.append("environment = ?")
            arguments += [environment]
        }
        if let runId {
            conditions.append("run_id = ?")
            arguments += [runId]
        }
        var sql = "SELECT * FROM audit"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY id DESC"
        if limit > 0 {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read { db in try AuditEntry.fetchAll(db, sql: sql, arguments: arguments) }
    }
}
