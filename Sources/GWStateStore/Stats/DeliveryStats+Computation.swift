import Foundation

extension DeliveryStats {
    /// The measures over `deployments` (any environments; `environment` only labels the result),
    /// counting what finished in `[since, now]`. `commitTimes` maps a revision id to its commit
    /// time. A failure's restore may come from any later promotion in its environment.
    public static func compute(
        deployments: [DeploymentRecord], commitTimes: [String: Date], environment: String?, since: Date?, now: Date
    ) -> DeliveryStats {
        let ended = deployments.filter { $0.finishedAt != nil }
        func inPeriod(_ deployment: DeploymentRecord) -> Bool {
            guard let finished = deployment.finishedAt else { return false }
            return finished <= now && (since.map { finished >= $0 } ?? true)
        }
        let changes = ended.filter { inPeriod($0) && $0.strategy != "rollback" && $0.outcome != .interrupted }
        let promoted = changes.filter { $0.outcome == .promoted }
        let failed = changes.filter { [.rolledBack, .failed, .rollbackFailed].contains($0.outcome) }

        let periodStart = since ?? deployments.map(\.startedAt).min()
        let days = periodStart.map { max(now.timeIntervalSince($0) / 86_400, 1) } ?? 1

        let leadTimes = promoted.compactMap { deployment -> Double? in
            guard let finished = deployment.finishedAt, let committed = commitTimes[deployment.revisionId] else {
                return nil
            }
            return finished.timeIntervalSince(committed)
        }

        // Every failure in the period, manual rollbacks included, waits for the next promotion.
        let failures = ended.filter { inPeriod($0) && ([.rolledBack, .failed, .rollbackFailed].contains($0.outcome)) }
        let promotions = ended.filter { $0.outcome == .promoted && $0.finishedAt.map { $0 <= now } == true }
        var restoreTimes: [Double] = []
        for failure in failures {
            guard let failedAt = failure.finishedAt else { continue }
            let next = promotions.compactMap { promotion -> Date? in
                guard promotion.environment == failure.environment, let at = promotion.finishedAt, at > failedAt else {
                    return nil
                }
                return at
            }.min()
            if let next { restoreTimes.append(next.timeIntervalSince(failedAt)) }
        }

        return DeliveryStats(
            environment: environment, periodStart: periodStart, periodEnd: now, periodDays: days,
            finishedDeployments: changes.count, promotedDeployments: promoted.count, failedDeployments: failed.count,
            deploymentsPerDay: changes.isEmpty ? nil : Double(promoted.count) / days,
            leadTimeSamples: leadTimes.count,
            leadTimeMedianSeconds: percentile(0.5, of: leadTimes), leadTimeP90Seconds: percentile(0.9, of: leadTimes),
            changeFailureRate: changes.isEmpty ? nil : Double(failed.count) / Double(changes.count),
            restoredFailures: restoreTimes.count, unrestoredFailures: failures.count - restoreTimes.count,
            timeToRestoreMedianSeconds: percentile(0.5, of: restoreTimes))
    }

    /// The `fraction` percentile, interpolated linearly between the two nearest samples (the
    /// median of an even count is the mean of the middle two); nil for no samples.
    static func percentile(_ fraction: Double, of samples: [Double]) -> Double? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let position = fraction * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
