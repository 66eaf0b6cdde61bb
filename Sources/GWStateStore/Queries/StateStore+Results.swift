import Foundation
import GRDB

extension StateStore {
    /// Records a step or stage row; recording the same run and step id again replaces it (a step
    /// is recorded as `running` when it starts and again when it ends).
    public func recordStep(_ step: StepRecord) throws {
        try write { db in try step.upsert(db) }
    }

    /// A run's stage and step rows in the order they started.
    public func steps(runId: Int64) throws -> [StepRecord] {
        try read { db in
            try StepRecord.fetchAll(
                db, sql: "SELECT * FROM steps WHERE run_id = ? ORDER BY started_at, rowid", arguments: [runId])
        }
    }

    /// Records one contract test case a `test` step ran.
    public func recordTestCase(_ testCase: TestCaseRecord) throws {
        try write { db in try testCase.insert(db) }
    }

    /// Records one evaluation of a gate or abort condition with the values it saw.
    public func recordGateEvaluation(_ evaluation: GateEvaluationRecord) throws {
        try write { db in try evaluation.insert(db) }
    }

    /// Records one traffic sample of a slot while a strategy runs.
    public func recordSample(_ sample: MetricSampleRecord) throws {
        try write { db in try sample.insert(db) }
    }
}
