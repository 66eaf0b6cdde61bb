import Foundation
import XCTest

@testable import GWStateStore

/// Runs, steps, test cases, gate evaluations, samples and the whole-run detail round-trip exactly.
final class RunAndResultTests: XCTestCase {
    func testRunsGetIdsAndRoundTripThroughUpdateAndFinish() throws {
        let store = try StoreFixture.openStore()
        let first = try store.startRun(StoreFixture.run(at: 0))
        var second = try store.startRun(StoreFixture.run(pipeline: "hotfix", at: 10))
        XCTAssertEqual(first.id, 1)
        XCTAssertEqual(second.id, 2)
        XCTAssertEqual(try store.run(id: first.id), first)

        second.status = .waitingApproval
        second.waitingAt = "production.3"
        second.message = "waiting for approval"
        second.resumeOf = first.id
        try store.updateRun(second)
        XCTAssertEqual(try store.run(id: second.id), second)

        try store.finishRun(
            id: first.id, status: .failed, exitCode: 1, message: "gate failed", at: StoreFixture.time(90))
        let finished = try XCTUnwrap(try store.run(id: first.id))
        XCTAssertEqual(finished.status, .failed)
        XCTAssertEqual(finished.exitCode, 1)
        XCTAssertEqual(finished.message, "gate failed")
        XCTAssertEqual(finished.finishedAt, StoreFixture.time(90))
        XCTAssertEqual(finished.gitCommit, first.gitCommit)

        XCTAssertNil(try store.run(id: 42))
        XCTAssertThrowsError(try store.finishRun(id: 42, status: .failed, exitCode: 1, message: nil, at: Date())) {
            XCTAssertEqual($0 as? StateStoreError, .notFound(path: store.path, what: "run 42"))
        }
        var ghost = first
        ghost.id = 42
        XCTAssertThrowsError(try store.updateRun(ghost))
    }

    func testRunsAreListedNewestFirstAndFiltered() throws {
        let store = try StoreFixture.openStore()
        let a = try store.startRun(StoreFixture.run(pipeline: "release", at: 0))
        let b = try store.startRun(StoreFixture.run(pipeline: "hotfix", at: 10))
        let c = try store.startRun(StoreFixture.run(pipeline: "release", at: 20))
        try store.recordRevision(StoreFixture.revision("sha256:aaa"))
        try StoreFixture.deploy(store, revision: "sha256:aaa", environment: "staging", run: a.id, start: 1)
        try StoreFixture.deploy(store, revision: "sha256:aaa", environment: "production", run: b.id, start: 11)
        try StoreFixture.deploy(store, revision: "sha256:aaa", environment: "production", run: nil, start: 12)

        XCTAssertEqual(try store.runs().map(\.id), [c.id, b.id, a.id])
        XCTAssertEqual(try store.runs(limit: 2).map(\.id), [c.id, b.id])
        XCTAssertEqual(try store.runs(pipeline: "release").map(\.id), [c.id, a.id])
        XCTAssertEqual(try store.runs(environment: "production").map(\.id), [b.id])
        XCTAssertEqual(try store.runs(pipeline: "release", environment: "staging").map(\.id), [a.id])
        XCTAssertEqual(try store.runs(pipeline: "release", environment: "production"), [])
        XCTAssertEqual(try store.environments(), ["production", "staging"])
    }

    func testRecordingAStepAgainReplacesItAndStepsComeInStartOrder() throws {
        let store = try StoreFixture.openStore()
        let run = try store.startRun(StoreFixture.run())
        try store.recordStep(StoreFixture.step(run: run.id, id: "validate", at: 1))
        try store.recordStep(StoreFixture.step(run: run.id, id: "validate.2", at: 3))
        try store.recordStep(StoreFixture.step(run: run.id, id: "validate.1", at: 2))
        var done = StoreFixture.step(run: run.id, id: "validate.1", at: 2, status: .passed)
        done.finishedAt = StoreFixture.time(2.5)
        done.message = "exit 0"
        done.output = "ok\n"
        try store.recordStep(done)

        let steps = try store.steps(runId: run.id)
        XCTAssertEqual(steps.map(\.stepId), ["validate", "validate.1", "validate.2"])
        XCTAssertEqual(steps[1], done)
        XCTAssertEqual(steps[1].durationSeconds, 0.5)
        XCTAssertEqual(try store.steps(runId: 999), [])
    }

    func testDetailHoldsEverythingOfOneRunAndNothingOfAnother() throws {
        let store = try StoreFixture.openStore()
        let run = try store.startRun(StoreFixture.run())
        let other = try store.startRun(StoreFixture.run(at: 5))
        try store.recordStep(StoreFixture.step(run: run.id, id: "test", at: 1))
        try store.recordStep(StoreFixture.step(run: other.id, id: "test", at: 1))
        let passing = TestCaseRecord(
            runId: run.id, stepId: "test.1", suite: "chat contract", name: "small model goes to openai", passed: true,
            message: nil, location: "tests/contract.yaml:3:5", durationMs: 12.5)
        let failing = TestCaseRecord(
            runId: run.id, stepId: "test.1", suite: "chat contract", name: "unknown key is refused", passed: false,
            message: "expected status 401, got 200\nexpected upstream none", location: "tests/contract.yaml:14:5",
            durationMs: 3)
        try store.recordTestCase(passing)
        try store.recordTestCase(failing)
        let gate = GateEvaluationRecord(
            runId: run.id, stepId: "production.2", environment: "production", at: StoreFixture.time(30),
            kind: .analysis,
            expression: "canary.error_rate <= stable.error_rate + 0.5%", location: "gateway.gwpipe:40:9",
            verdict: .fail,
            observed: [
                "canary.error_rate": 4.5, "stable.error_rate": 0.25, "canary.requests": 120, "ratio": .infinity,
            ],
            weight: 10, windowSeconds: 60)
        let inconclusive = GateEvaluationRecord(
            runId: run.id, stepId: "production.2", environment: "production", at: StoreFixture.time(20), kind: .abort,
            expression: "canary.p99_latency > 800ms for 30s", location: "gateway.gwpipe:41:9", verdict: .inconclusive,
            observed: [:], weight: nil, windowSeconds: 30)
        try store.recordGateEvaluation(gate)
        try store.recordGateEvaluation(inconclusive)
        let sample = MetricSampleRecord(
            runId: run.id, environment: "production", at: StoreFixture.time(21), slot: "canary",
            revisionId: "sha256:bbb",
            requests: 40, errors: 2, errorRate: 5, p99Latency: 212.5, weight: 10)
        try store.recordSample(sample)
        try store.recordRevision(StoreFixture.revision("sha256:bbb"))
        let deployment = try StoreFixture.deploy(
            store, revision: "sha256:bbb", run: run.id, start: 15, end: 31, outcome: .rolledBack)
        let audit = try store.appendAudit(
            AuditEntry(
                at: StoreFixture.time(31), actor: "alice@ci", action: "rollback", environment: "production",
                runId: run.id,
                detail: "gate failed: canary.error_rate 4.5% > 0.75%"))
        try store.appendAudit(
            AuditEntry(
                at: StoreFixture.time(6), actor: "alice@ci", action: "run.start", environment: nil, runId: other.id,
                detail: ""))

        let detail = try XCTUnwrap(try store.detail(runId: run.id))
        XCTAssertEqual(detail.run, run)
        XCTAssertEqual(detail.steps.map(\.runId), [run.id])
        XCTAssertEqual(detail.testCases, [passing, failing])
        XCTAssertEqual(detail.gateEvaluations, [inconclusive, gate], "gate evaluations in time order")
        XCTAssertEqual(detail.gateEvaluations.last?.observed["ratio"], .infinity)
        XCTAssertEqual(detail.samples, [sample])
        XCTAssertEqual(detail.deployments.map(\.id), [deployment.id])
        XCTAssertEqual(detail.deployments.first?.outcome, .rolledBack)
        XCTAssertEqual(detail.deployments.first?.finishedAt, StoreFixture.time(31))
        XCTAssertEqual(detail.audit, [audit])
        XCTAssertNil(try store.detail(runId: 77))
    }
}
