import Foundation
import XCTest

@testable import GWStateStore

/// The DORA measures on a hand-made history whose answers are worked out in the comments.
final class DeliveryStatsTests: XCTestCase {
    private let hour = StoreFixture.hour

    /// Production, in hours from the first deployment (commit times in brackets):
    ///   r1 promoted 0→1 [-1]          lead 2
    ///   r2 rolled back 24→25          failure, restored at 28 (3 h)
    ///   r3 promoted 27→28 [24]        lead 4
    ///   r4 failed 48→49               failure, restored at 50 by the manual rollback (1 h)
    ///   rollback to r3 49→50          a restore, not a change
    ///   r5 interrupted 60→61          says nothing about the change
    ///   r6 promoted 72→80 [70]        lead 10
    ///   r7 rolled back 100→101        failure, not restored yet
    /// Staging: r1 promoted 0→0.5      lead 1.5
    private func history() throws -> StateStore {
        let store = try StoreFixture.openStore()
        let commits: [String: Double?] = ["r1": -1, "r2": 23, "r3": 24, "r4": 47, "r5": 59, "r6": 70, "r7": nil]
        for (name, committed) in commits {
            try store.recordRevision(
                StoreFixture.revision("sha256:\(name)", committedAt: committed.map { StoreFixture.time($0 * hour) }))
        }
        func deploy(
            _ name: String, _ start: Double, _ end: Double, _ outcome: DeploymentRecord.Outcome,
            strategy: String = "canary", environment: String = "production"
        ) throws {
            try StoreFixture.deploy(
                store, revision: "sha256:\(name)", environment: environment, strategy: strategy, start: start * hour,
                end: end * hour, outcome: outcome)
        }
        try deploy("r1", 0, 0.5, .promoted, environment: "staging")
        try deploy("r1", 0, 1, .promoted)
        try deploy("r2", 24, 25, .rolledBack)
        try deploy("r3", 27, 28, .promoted)
        try deploy("r4", 48, 49, .failed)
        try deploy("r3", 49, 50, .promoted, strategy: "rollback")
        try deploy("r5", 60, 61, .interrupted)
        try deploy("r6", 72, 80, .promoted)
        try deploy("r7", 100, 101, .rolledBack)
        return store
    }

    func testTheWholeHistoryOfOneEnvironment() throws {
        let stats = try history().stats(environment: "production", since: nil, now: StoreFixture.time(240 * hour))
        XCTAssertEqual(stats.environment, "production")
        XCTAssertEqual(stats.periodStart, StoreFixture.time(0))
        XCTAssertEqual(stats.periodDays, 10)
        XCTAssertEqual(stats.finishedDeployments, 6)
        XCTAssertEqual(stats.promotedDeployments, 3)
        XCTAssertEqual(stats.failedDeployments, 3)
        XCTAssertEqual(try XCTUnwrap(stats.deploymentsPerDay), 0.3, accuracy: 1e-9)
        XCTAssertEqual(stats.leadTimeSamples, 3)
        XCTAssertEqual(try XCTUnwrap(stats.leadTimeMedianSeconds), 4 * hour, accuracy: 1e-6)
        // p90 of 2, 4, 10 h: 1.8 of the way along the sorted samples, 4 + 0.8 × 6 = 8.8 h.
        XCTAssertEqual(try XCTUnwrap(stats.leadTimeP90Seconds), 8.8 * hour, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(stats.changeFailureRate), 0.5, accuracy: 1e-9)
        XCTAssertEqual(stats.restoredFailures, 2)
        XCTAssertEqual(stats.unrestoredFailures, 1)
        XCTAssertEqual(try XCTUnwrap(stats.timeToRestoreMedianSeconds), 2 * hour, accuracy: 1e-6)
    }

    func testSinceLimitsThePeriod() throws {
        let now = StoreFixture.time(240 * hour)
        let stats = try history().stats(environment: "production", since: StoreFixture.time(26 * hour), now: now)
        XCTAssertEqual(stats.periodStart, StoreFixture.time(26 * hour))
        XCTAssertEqual(stats.finishedDeployments, 4)
        XCTAssertEqual(stats.promotedDeployments, 2)
        XCTAssertEqual(try XCTUnwrap(stats.deploymentsPerDay), 2 / (214.0 / 24), accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(stats.leadTimeMedianSeconds), 7 * hour, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(stats.leadTimeP90Seconds), 9.4 * hour, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(stats.changeFailureRate), 0.5, accuracy: 1e-9)
        XCTAssertEqual(stats.restoredFailures, 1)
        XCTAssertEqual(stats.unrestoredFailures, 1)
        XCTAssertEqual(try XCTUnwrap(stats.timeToRestoreMedianSeconds), 1 * hour, accuracy: 1e-6)
    }

    func testAllEnvironmentsTogether() throws {
        let stats = try history().stats(environment: nil, since: nil, now: StoreFixture.time(240 * hour))
        XCTAssertNil(stats.environment)
        XCTAssertEqual(stats.finishedDeployments, 7)
        XCTAssertEqual(stats.promotedDeployments, 4)
        // Lead times 1.5, 2, 4, 10 h: the median is the mean of the middle two.
        XCTAssertEqual(try XCTUnwrap(stats.leadTimeMedianSeconds), 3 * hour, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(stats.changeFailureRate), 3.0 / 7, accuracy: 1e-9)
    }

    func testNoDeploymentsMeansNoMeasures() throws {
        let stats = try StoreFixture.openStore().stats(environment: "production", since: nil, now: StoreFixture.time())
        XCTAssertNil(stats.periodStart)
        XCTAssertEqual(stats.finishedDeployments, 0)
        XCTAssertNil(stats.deploymentsPerDay)
        XCTAssertNil(stats.leadTimeMedianSeconds)
        XCTAssertNil(stats.leadTimeP90Seconds)
        XCTAssertNil(stats.changeFailureRate)
        XCTAssertNil(stats.timeToRestoreMedianSeconds)
        XCTAssertEqual(stats.leadTimeSamples, 0)
        XCTAssertEqual(stats.restoredFailures + stats.unrestoredFailures, 0)
    }

    func testAShortPeriodCountsAsAWholeDay() {
        let deployment = DeploymentRecord(
            runId: nil, environment: "production", revisionId: "sha256:r1", previousRevisionId: nil, strategy: "deploy",
            startedAt: StoreFixture.time(0), finishedAt: StoreFixture.time(60), outcome: .promoted)
        let stats = DeliveryStats.compute(
            deployments: [deployment], commitTimes: [:], environment: nil, since: nil, now: StoreFixture.time(3_600))
        XCTAssertEqual(stats.periodDays, 1)
        XCTAssertEqual(stats.deploymentsPerDay, 1)
        XCTAssertEqual(stats.leadTimeSamples, 0)
        XCTAssertNil(stats.leadTimeMedianSeconds)
        XCTAssertEqual(stats.changeFailureRate, 0)
    }

    func testPercentiles() {
        XCTAssertNil(DeliveryStats.percentile(0.5, of: []))
        XCTAssertEqual(DeliveryStats.percentile(0.9, of: [7]), 7)
        XCTAssertEqual(DeliveryStats.percentile(0.5, of: [4, 1, 3, 2]), 2.5)
        XCTAssertEqual(DeliveryStats.percentile(1, of: [4, 1, 3, 2]), 4)
        XCTAssertEqual(DeliveryStats.percentile(0, of: [4, 1, 3, 2]), 1)
    }
}
