import Foundation
import GRDB

/// A traffic sample is a row of `metric_samples`.
extension MetricSampleRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "metric_samples"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        self.init(
            runId: try reader.value("run_id"), environment: try reader.value("environment"), at: try reader.date("at"),
            slot: try reader.value("slot"), revisionId: try reader.value("revision_id"),
            requests: try reader.value("requests"), errors: try reader.value("errors"),
            errorRate: try reader.value("error_rate"), p99Latency: try reader.value("p99_latency"),
            weight: try reader.value("weight"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["run_id"] = runId
        container["environment"] = environment
        container["at"] = at.timeIntervalSince1970
        container["slot"] = slot
        container["revision_id"] = revisionId
        container["requests"] = requests
        container["errors"] = errors
        container["error_rate"] = errorRate
        container["p99_latency"] = p99Latency
        container["weight"] = weight
    }
}
