import Foundation
import XCTest

@testable import GWStateStore

/// In-flight work whose process is gone becomes `interrupted`; live processes and other hosts'
/// runs are left alone, and reading never changes anything.
final class InterruptionTests: XCTestCase {
    func testARunWhoseProcessExitedIsInterruptedWithItsStepsAndDeployments() throws {
        let store = try StoreFixture.openStore()
        let dead = try store.startRun(StoreFixture.run(pid: try StoreFixture.deadPid()))
        let live = try store.startRun(StoreFixture.run(pid: getpid()))
        let elsewhere = try store.startRun(StoreFixture.run(pid: try StoreFixture.deadPid(), host: "ci-runner-7"))
        var passed = StoreFixture.step(run: dead.id, id: "validate.1", at: 1, status: .passed)
        passed.finishedAt = StoreFixture.time(2)
        try store.recordStep(passed)
        try store.recordStep(StoreFixture.step(run: dead.id, id: "production.1", at: 3))
        try store.recordStep(StoreFixture.step(run: live.id, id: "production.1", at: 3))
        try store.recordRevision(StoreFixture.revision("sha256:r1"))
        let deadDeployment = try StoreFixture.deploy(
            store, revision: "sha256:r1", run: dead.id, start: 3, outcome: .inProgress)
        let liveDeployment = try StoreFixture.deploy(
            store, revision: "sha256:r1", run: live.id, start: 3, outcome: .inProgress)

        // Reading is side-effect free: the dead run still shows `running` until someone marks it.
        XCTAssertEqual(try store.run(id: dead.id)?.status, .running)
        XCTAssertEqual(try store.runs().map(\.status), [.running, .running, .running])

        let now = StoreFixture.time(500)
        XCTAssertEqual(try store.markInterruptedRuns(now: now), [dead.id])

        let run = try XCTUnwrap(try store.run(id: dead.id))
        XCTAssertEqual(run.status, .interrupted)
        XCTAssertEqual(run.finishedAt, now)
        XCTAssertTrue(run.message?.contains("process \(dead.pid)") == true, "\(run.message ?? "")")
        let steps = try store.steps(runId: dead.id)
        XCTAssertEqual(steps.map(\.status), [.passed, .cancelled])
        XCTAssertEqual(steps[1].message, "interrupted")
        XCTAssertEqual(steps[1].finishedAt, now)
        XCTAssertEqual(steps[0], passed, "finished steps are kept as they were")
        let deployments = try store.deployments()
        XCTAssertEqual(deployments.first { $0.id == deadDeployment.id }?.outcome, .interrupted)
        XCTAssertEqual(deployments.first { $0.id == liveDeployment.id }?.outcome, .inProgress)

        XCTAssertEqual(try store.run(id: live.id)?.status, .running)
        XCTAssertEqual(try store.steps(runId: live.id).map(\.status), [.running])
        XCTAssertEqual(try store.run(id: elsewhere.id)?.status, .running, "another host's pid means nothing here")

        XCTAssertEqual(try store.markInterruptedRuns(now: now), [], "marking twice changes nothing")
    }

    func testFinishedAndWaitingRunsAreNotTouched() throws {
        let store = try StoreFixture.openStore()
        let pid = try StoreFixture.deadPid()
        let finished = try store.startRun(StoreFixture.run(pid: pid))
        try store.finishRun(id: finished.id, status: .succeeded, exitCode: 0, message: nil, at: StoreFixture.time(9))
        var waiting = try store.startRun(StoreFixture.run(pid: pid))
        waiting.status = .waitingApproval
        try store.updateRun(waiting)
        XCTAssertEqual(try store.markInterruptedRuns(now: StoreFixture.time(10)), [])
        XCTAssertEqual(try store.run(id: finished.id)?.status, .succeeded)
        XCTAssertEqual(try store.run(id: waiting.id)?.status, .waitingApproval)
    }

    func testARunLeftRunningByAClosedStoreIsFoundAfterReopening() throws {
        let path = try StoreFixture.temporaryPath()
        let writer = try StateStore.open(path: path)
        let run = try writer.startRun(StoreFixture.run(pid: try StoreFixture.deadPid()))
        try writer.recordStep(StoreFixture.step(run: run.id, id: "production.1", at: 1))
        try writer.close()

        let reader = try StateStore.open(path: path)
        XCTAssertEqual(try reader.markInterruptedRuns(now: StoreFixture.time(60)), [run.id])
        XCTAssertEqual(try reader.detail(runId: run.id)?.steps.map(\.status), [.cancelled])
    }
}
