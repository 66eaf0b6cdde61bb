import GRDB

extension StateStore {
    /// Everything recorded about one run, read in one snapshot; nil when there is no such run.
    /// Children come in the order they happened (steps by start, the rest as recorded).
    public func detail(runId: Int64) throws -> RunDetail? {
        try read { db in
            guard let run = try RunRecord.fetchOne(db, key: runId) else { return nil }
            let byRun: StatementArguments = [runId]
            return RunDetail(
                run: run,
                steps: try StepRecord.fetchAll(
                    db, sql: "SELECT * FROM steps WHERE run_id = ? ORDER BY started_at, rowid", arguments: byRun),
                testCases: try TestCaseRecord.fetchAll(
                    db, sql: "SELECT * FROM test_cases WHERE run_id = ? ORDER BY id", arguments: byRun),
                gateEvaluations: try GateEvaluationRecord.fetchAll(
                    db, sql: "SELECT * FROM gate_evaluations WHERE run_id = ? ORDER BY at, id", arguments: byRun),
                deployments: try DeploymentRecord.fetchAll(
                    db, sql: "SELECT * FROM deployments WHERE run_id = ? ORDER BY id", arguments: byRun),
                samples: try MetricSampleRecord.fetchAll(
                    db, sql: "SELECT * FROM metric_samples WHERE run_id = ? ORDER BY at, id", arguments: byRun),
                audit: try AuditEntry.fetchAll(
                    db, sql: "SELECT * FROM audit WHERE run_id = ? ORDER BY id", arguments: byRun))
        }
    }
}
