import Foundation
import GRDB

extension StateStore {
    /// The DORA measures of one environment (or all) over `[since, now]`; see `DeliveryStats`.
    public func stats(environment: String? = nil, since: Date? = nil, now: Date = Date()) throws -> DeliveryStats {
        let (deployments, commitTimes) = try read { db -> ([DeploymentRecord], [String: Date]) in
            var sql = "SELECT * FROM deployments"
            var arguments: StatementArguments = []
            if let environment {
                sql += " WHERE environment = ?"
                arguments += [environment]
            }
            let deployments = try DeploymentRecord.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, git_committed_at FROM revisions WHERE git_committed_at IS NOT NULL
                    AND id IN (SELECT revision_id FROM deployments\(environment == nil ? "" : " WHERE environment = ?"))
                    """,
                arguments: arguments)
            var commitTimes: [String: Date] = [:]
            for row in rows {
                let reader = RowReader(row, table: RevisionRecord.databaseTableName)
                commitTimes[try reader.value("id")] = try reader.date("git_committed_at")
            }
            return (deployments, commitTimes)
        }
        return DeliveryStats.compute(
            deployments: deployments, commitTimes: commitTimes, environment: environment, since: since, now: now)
    }
}
