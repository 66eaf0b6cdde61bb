import Foundation
import GWStateStore

/// Durations of things that may not have finished. A report must not read the wall clock (it would
/// differ at each rendering), so an unfinished thing runs until the latest moment the record knows.
struct RunClock: Sendable {
    /// The latest time anything in the run was recorded.
    let latest: Date

    init(_ detail: RunDetail) {
        var latest = detail.run.finishedAt ?? detail.run.startedAt
        for step in detail.steps { latest = max(latest, step.finishedAt ?? step.startedAt) }
        for evaluation in detail.gateEvaluations { latest = max(latest, evaluation.at) }
        for deployment in detail.deployments { latest = max(latest, deployment.finishedAt ?? deployment.startedAt) }
        for sample in detail.samples { latest = max(latest, sample.at) }
        for entry in detail.audit { latest = max(latest, entry.at) }
        self.latest = latest
    }

    /// Seconds from `start` to `end`, or to `latest` when it has not ended; never negative.
    func seconds(from start: Date, to end: Date?) -> Double {
        max(0, (end ?? latest).timeIntervalSince(start))
    }

    func seconds(of step: StepRecord) -> Double {
        seconds(from: step.startedAt, to: step.finishedAt)
    }
}
