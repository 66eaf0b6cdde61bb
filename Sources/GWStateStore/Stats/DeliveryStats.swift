import Foundation

/// The four DORA measures of software delivery, computed from the recorded deployments: how often
/// changes reach an environment, how long a commit takes to get there, how often a change fails,
/// and how long it takes to be healthy again. Each measure is nil when there is nothing to measure,
/// with the counts it rests on beside it.
///
/// Manual rollbacks (strategy `rollback`) redeploy an old revision: they are not changes, so they
/// count only as restores. Interrupted deployments say nothing about the change and are left out.
public struct DeliveryStats: Codable, Sendable, Hashable {
    /// The environment measured, or nil for all of them.
    public var environment: String?
    /// The start of the period: `since`, or the first deployment's start when no `since` was given.
    public var periodStart: Date?
    public var periodEnd: Date
    /// The period's length in days, at least one (so a first deployment an hour ago is not "24 a day").
    public var periodDays: Double

    /// Deployments of changes (not manual rollbacks) that ended in the period, whatever the outcome.
    public var finishedDeployments: Int
    /// Of those, the ones promoted (the change became stable).
    public var promotedDeployments: Int
    /// Of those, the ones rolled back or failed.
    public var failedDeployments: Int

    /// Promoted deployments per day over the period; nil when the period had no deployment at all.
    public var deploymentsPerDay: Double?

    /// Promoted deployments whose revision records a commit time.
    public var leadTimeSamples: Int
    /// Median seconds from commit (`gitCommittedAt`) to promotion.
    public var leadTimeMedianSeconds: Double?
    /// 90th percentile of the same.
    public var leadTimeP90Seconds: Double?

    /// `failedDeployments / finishedDeployments`, 0–1; nil when no deployment finished.
    public var changeFailureRate: Double?

    /// Failures (rolled back or failed) followed by a promoted deployment in the same environment.
    public var restoredFailures: Int
    /// Failures with no promoted deployment after them yet.
    public var unrestoredFailures: Int
    /// Median seconds from a failure's end to the next promotion in its environment.
    public var timeToRestoreMedianSeconds: Double?

    public init(
        environment: String?, periodStart: Date?, periodEnd: Date, periodDays: Double, finishedDeployments: Int,
        promotedDeployments: Int, failedDeployments: Int, deploymentsPerDay: Double?, leadTimeSamples: Int,
        leadTimeMedianSeconds: Double?, leadTimeP90Seconds: Double?, changeFailureRate: Double?,
        restoredFailures: Int, unrestoredFailures: Int, timeToRestoreMedianSeconds: Double?
    ) {
        self.environment = environment
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.periodDays = periodDays
        self.finishedDeployments = finishedDeployments
        self.promotedDeployments = promotedDeployments
        self.failedDeployments = failedDeployments
        self.deploymentsPerDay = deploymentsPerDay
        self.leadTimeSamples = leadTimeSamples
        self.leadTimeMedianSeconds = leadTimeMedianSeconds
        self.leadTimeP90Seconds = leadTimeP90Seconds
        self.changeFailureRate = changeFailureRate
        self.restoredFailures = restoredFailures
        self.unrestoredFailures = unrestoredFailures
        self.timeToRestoreMedianSeconds = timeToRestoreMedianSeconds
    }
}
