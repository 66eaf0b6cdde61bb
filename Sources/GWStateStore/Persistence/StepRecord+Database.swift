import Foundation
import GRDB

/// A step (or stage) is a row of `steps`, keyed by run and step id, so recording it again updates it.
extension StepRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "steps"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        self.init(
            runId: try reader.value("run_id"), stepId: try reader.value("step_id"), stage: try reader.value("stage"),
            kind: try reader.value("kind"), title: try reader.value("title"), location: try reader.value("location"),
            startedAt: try reader.date("started_at"), finishedAt: try reader.optionalDate("finished_at"),
            status: try reader.enumeration("status"), message: try reader.value("message"),
            output: try reader.value("output"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["run_id"] = runId
        container["step_id"] = stepId
        container["stage"] = stage
        container["kind"] = kind
        container["title"] = title
        container["location"] = location
        container["started_at"] = startedAt.timeIntervalSince1970
        container["finished_at"] = finishedAt?.timeIntervalSince1970
        container["status"] = status.rawValue
        container["message"] = message
        container["output"] = output
    }
}
