import Foundation
import GRDB

/// A flag change is a row of `flags`; every change is kept, the latest per flag is the current share.
extension FlagRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "flags"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        self.init(
            environment: try reader.value("environment"), flag: try reader.value("flag"),
            percent: try reader.value("percent"), at: try reader.date("at"), runId: try reader.value("run_id"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["environment"] = environment
        container["flag"] = flag
        container["percent"] = percent
        container["at"] = at.timeIntervalSince1970
        container["run_id"] = runId
    }
}
