import GWStateStore

/// `gwpipe stats` in words: each measure with the counts it rests on, or why there is none.
enum StatsRendering {
    static func text(_ stats: DeliveryStats) -> String {
        let scope = stats.environment.map { "for \($0)" } ?? "for all environments"
        var text = "Delivery \(scope)"
        if let start = stats.periodStart {
            let days = HistoryText.number((stats.periodDays * 10).rounded() / 10)
            text += ", \(HistoryText.day(start)) to \(HistoryText.day(stats.periodEnd)) (\(days) days)"
        }
        text += ":\n"
        let changes = "\(stats.finishedDeployments) finished deployment\(stats.finishedDeployments == 1 ? "" : "s")"

        var rows: [[String]] = []
        if let perDay = stats.deploymentsPerDay {
            rows.append([
                "deployment frequency",
                "\(fixed(perDay)) per day (\(stats.promotedDeployments) promoted of \(changes))",
            ])
        } else {
            rows.append(["deployment frequency", "no data (no deployment finished in the period)"])
        }
        if let median = stats.leadTimeMedianSeconds, let p90 = stats.leadTimeP90Seconds {
            rows.append([
                "lead time for changes",
                "median \(HistoryText.duration(median)), p90 \(HistoryText.duration(p90)) "
                    + "(\(stats.leadTimeSamples) promoted deployment\(stats.leadTimeSamples == 1 ? "" : "s") "
                    + "with a commit time)",
            ])
        } else {
            rows.append(["lead time for changes", "no data (no promoted deployment with a recorded commit time)"])
        }
        if let rate = stats.changeFailureRate {
            rows.append([
                "change failure rate",
                "\(HistoryText.number((rate * 1000).rounded() / 10))% "
                    + "(\(stats.failedDeployments) of \(changes) rolled back or failed)",
            ])
        } else {
            rows.append(["change failure rate", "no data (no deployment finished in the period)"])
        }
        if let restore = stats.timeToRestoreMedianSeconds {
            let unrestored = stats.unrestoredFailures > 0 ? "; \(stats.unrestoredFailures) not restored yet" : ""
            rows.append([
                "time to restore",
                "median \(HistoryText.duration(restore)) "
                    + "(\(stats.restoredFailures) failure\(stats.restoredFailures == 1 ? "" : "s") "
                    + "followed by a promotion\(unrestored))",
            ])
        } else {
            let count = stats.unrestoredFailures
            let why =
                count > 0 ? "\(count) failure\(count == 1 ? "" : "s"), none followed by a promotion yet" : "no failures"
            rows.append(["time to restore", "no data (\(why))"])
        }
        text += HistoryText.table(rows, indent: "  ")
        text += "Manual rollbacks count only as restores; interrupted deployments are left out.\n"
        return text
    }

    private static func fixed(_ value: Double) -> String {
        value >= 10 ? HistoryText.number(value.rounded()) : String(format: "%.2f", value)
    }
}
