import Foundation
import GRDB

extension StateStore {
    /// Records a deployment that is starting and returns it with its assigned id (the `id` passed in is ignored).
    /// Record its revision first (`recordRevision`) so `stableRevision` and `stats` can find it.
    @discardableResult
    public func startDeployment(_ deployment: DeploymentRecord) throws -> DeploymentRecord {
        var inserted = deployment
        inserted.id = 0
        return try write { db in
            try inserted.insert(db)
            return inserted
        }
    }

    /// Records how a deployment ended.
    public func finishDeployment(id: Int64, outcome: DeploymentRecord.Outcome, message: String?, at: Date) throws {
        let changed = try write { db in
            try db.execute(
                sql: "UPDATE deployments SET outcome = ?, message = ?, finished_at = ? WHERE id = ?",
                arguments: [outcome.rawValue, message, at.timeIntervalSince1970, id])
            return db.changesCount
        }
        if changed == 0 { throw StateStoreError.notFound(path: path, what: "deployment \(id)") }
    }

    /// Deployments newest first, to one environment or to all. A `limit` of zero or less means all.
    public func deployments(environment: String? = nil, limit: Int = 50) throws -> [DeploymentRecord] {
        var sql = "SELECT * FROM deployments"
        var arguments: StatementArguments = []
        if let environment {
            sql += " WHERE environment = ?"
            arguments += [environment]
        }
        sql += " ORDER BY id DESC"
        if limit > 0 {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try read { db in try DeploymentRecord.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// The deployments one run made, oldest first.
    public func deployments(runId: Int64) throws -> [DeploymentRecord] {
        try read { db in
            try DeploymentRecord.fetchAll(db, sql: "SELECT * FROM deployments WHERE run_id = ? ORDER BY id", arguments: [runId])
        }
    }

    /// The environment's stable revision: that of its most recently promoted deployment, or nil
    /// before the first promotion (or when that revision was never recorded).
    public func stableRevision(environment: String) throws -> RevisionRecord? {
        try read { db in
            try RevisionRecord.fetchOne(
                db,
                sql: """
                    SELECT revisions.* FROM deployments JOIN revisions ON revisions.id = deployments.revision_id
                    WHERE deployments.environment = ? AND deployments.outcome = ?
                    ORDER BY deployments.finished_at DESC, deployments.id DESC LIMIT 1
                    """,
                arguments: [environment, DeploymentRecord.Outcome.promoted.rawValue])
        }
    }

    /// The environments that have at least one deployment, sorted by name.
    public func environments() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT environment FROM deployments ORDER BY environment")
        }
    }
}
