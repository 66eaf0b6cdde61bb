import Foundation
import GRDB

/// A deployment is a row of `deployments`; the store assigns its id on insert.
extension DeploymentRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "deployments"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        self.init(
            id: try reader.value("id"), runId: try reader.value("run_id"), environment: try reader.value("environment"),
            revisionId: try reader.value("revision_id"), previousRevisionId: try reader.value("previous_revision_id"),
            strategy: try reader.value("strategy"), startedAt: try reader.date("started_at"),
            finishedAt: try reader.optionalDate("finished_at"), outcome: try reader.enumeration("outcome"),
            message: try reader.value("message"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id == 0 ? nil : id
        container["run_id"] = runId
        container["environment"] = environment
        container["revision_id"] = revisionId
        container["previous_revision_id"] = previousRevisionId
        container["strategy"] = strategy
        container["started_at"] = startedAt.timeIntervalSince1970
        container["finished_at"] = finishedAt?.timeIntervalSince1970
        container["outcome"] = outcome.rawValue
        container["message"] = message
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
