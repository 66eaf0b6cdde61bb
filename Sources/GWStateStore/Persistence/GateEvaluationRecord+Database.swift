import Foundation
import GRDB

/// A gate evaluation is a row of `gate_evaluations`; its observed values are a JSON object in
/// one text column, so any metric a gate reads can be stored without a schema change.
extension GateEvaluationRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "gate_evaluations"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        let observedText: String = try reader.value("observed")
        let observed: [String: Double]
        do {
            observed = try ObservedValuesCoding.decode(observedText)
        } catch {
            throw UnreadableRow(
                table: Self.databaseTableName, reason: "column observed is not a JSON object of numbers")
        }
        self.init(
            runId: try reader.value("run_id"), stepId: try reader.value("step_id"),
            environment: try reader.value("environment"), at: try reader.date("at"),
            kind: try reader.enumeration("kind"),
            expression: try reader.value("expression"), location: try reader.value("location"),
            verdict: try reader.enumeration("verdict"), observed: observed, weight: try reader.value("weight"),
            windowSeconds: try reader.value("window_seconds"))
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["run_id"] = runId
        container["step_id"] = stepId
        container["environment"] = environment
        container["at"] = at.timeIntervalSince1970
        container["kind"] = kind.rawValue
        container["expression"] = expression
        container["location"] = location
        container["verdict"] = verdict.rawValue
        container["observed"] = try ObservedValuesCoding.encode(observed)
        container["weight"] = weight
        container["window_seconds"] = windowSeconds
    }
}
