import GRDB

/// A contract test case is a row of `test_cases`, in the order the step recorded them.
extension TestCaseRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "test_cases"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        self.init(
            runId: try reader.value("run_id"), stepId: try reader.value("step_id"), suite: try reader.value("suite"),
            name: try reader.value("name"), passed: try reader.value("passed"), message: try reader.value("message"),
            location: try reader.value("location"), durationMs: try reader.value("duration_ms"),
            skipped: try reader.value("skipped"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["run_id"] = runId
        container["step_id"] = stepId
        container["suite"] = suite
        container["name"] = name
        container["passed"] = passed
        container["message"] = message
        container["location"] = location
        container["duration_ms"] = durationMs
        container["skipped"] = skipped
    }
}
