import Foundation
import GRDB

/// An audit line is a row of `audit`, which SQL triggers keep append-only.
extension AuditEntry: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "audit"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        self.init(
            id: try reader.value("id"), at: try reader.date("at"), actor: try reader.value("actor"),
            action: try reader.value("action"), environment: try reader.value("environment"),
            runId: try reader.value("run_id"), detail: try reader.value("detail"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id == 0 ? nil : id
        container["at"] = at.timeIntervalSince1970
        container["actor"] = actor
        container["action"] = action
        container["environment"] = environment
        container["run_id"] = runId
        container["detail"] = detail
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
