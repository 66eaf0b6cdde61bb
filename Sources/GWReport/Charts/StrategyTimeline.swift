import Foundation
import GWStateStore

/// What one strategy step's charts show, gathered from the run's records: the samples of its
/// environment while it ran, grouped by slot and revision; the weight over time; the moments
/// traffic was rolled back; and the step's gate evaluations. Times are seconds since the step began.
struct StrategyTimeline: Sendable {
    /// The samples of one slot serving one revision.
    struct Line: Sendable {
        var slot: String
        var revisionId: String?
        var label: String
        var style: String
        var samples: [MetricSampleRecord]

        var requests: Int { samples.map(\.requests).reduce(0, +) }
        var served: [MetricSampleRecord] { samples.filter { $0.requests > 0 } }
    }

    /// Which value of a sample a chart plots.
    enum Metric: Sendable {
        case errorRate
        case p99Latency
    }

    /// Samples this close outside the step's start and end still belong to it: sampling runs on
    /// its own one-second tick.
    private static let slack = 1.0
    /// A rollback recorded this long after the step ended is still its own (the `on failure` block).
    private static let rollbackSlack = 10.0

    let step: StepRecord
    let environment: String?
    let origin: Date
    let span: Double
    let lines: [Line]
    let weights: [WeightStep]
    let markers: [ChartMarker]
    let ticks: [GateTick]

    /// Nil when no sample was recorded while the step ran: there is nothing to chart.
    init?(step: StepRecord, detail: RunDetail, clock: RunClock) {
        let end = step.finishedAt ?? clock.latest
        let inWindow = detail.samples.filter {
            $0.at >= step.startedAt.addingTimeInterval(-Self.slack) && $0.at <= end.addingTimeInterval(Self.slack)
        }
        let environment = Self.environment(of: step, detail: detail, candidates: inWindow)
        let samples = inWindow.filter { environment == nil || $0.environment == environment }.sorted { $0.at < $1.at }
        guard let first = samples.first else { return nil }

        self.step = step
        self.environment = environment
        let origin = min(step.startedAt, first.at)
        self.origin = origin
        lines = Self.lines(of: samples, flag: step.kind == "flag")
        weights = Self.weights(of: samples, origin: origin)

        let runId = detail.run.id
        let rollbacks = Self.rollbacks(in: detail, environment: environment, runId: runId).filter {
            $0.at >= origin && $0.at <= end.addingTimeInterval(Self.rollbackSlack)
        }
        let rollbackMarkers = rollbacks.map {
            ChartMarker(t: $0.at.timeIntervalSince(origin), kind: .rollback, label: "rollback", detail: $0.detail)
        }
        // The weight falls to 0 at a rollback; its marker would only cover the rollback's.
        let weightMarkers = Self.weightMarkers(weights, origin: origin, flag: step.kind == "flag").filter { marker in
            !rollbackMarkers.contains { abs($0.t - marker.t) < 1.5 }
        }
        markers = weightMarkers + rollbackMarkers
        let evaluations = detail.gateEvaluations.filter { $0.stepId == step.stepId }.sorted { $0.at < $1.at }
        ticks = evaluations.map { evaluation in
            GateTick(
                t: evaluation.at.timeIntervalSince(origin), verdict: evaluation.verdict.rawValue,
                detail: GateText.summary(evaluation))
        }
        let moments = samples.map(\.at) + evaluations.map(\.at) + rollbacks.map(\.at) + [step.finishedAt ?? first.at]
        span = max(1, (moments.max() ?? first.at).timeIntervalSince(origin))
    }

    func chart(_ metric: Metric) -> LineChart {
        let series = lines.map { line in
            ChartSeries(
                label: line.label, style: line.style, segments: Self.segments(of: line, metric: metric, origin: origin))
        }
        let title = metric == .errorRate ? "Error rate (%)" : "p99 latency (ms)"
        return LineChart(
            title: title, unit: metric == .errorRate ? "%" : "ms", series: series, weights: weights,
            weightTitle: step.kind == "flag" ? "flag share (%)" : "canary weight (%)", markers: markers, ticks: ticks,
            span: span)
    }

    /// Consecutive seconds with traffic; a second without requests ends a segment.
    private static func segments(of line: Line, metric: Metric, origin: Date) -> [[ChartPoint]] {
        var segments: [[ChartPoint]] = []
        var current: [ChartPoint] = []
        for sample in line.samples {
            let value = metric == .errorRate ? sample.errorRate : sample.p99Latency
            if sample.requests > 0, value.isFinite {
                current.append(ChartPoint(t: sample.at.timeIntervalSince(origin), value: max(0, value)))
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// The step's environment: the one its gates were evaluated on, else the one a deployment of
    /// this run made while it ran, else a word of its title (`canary production`), else the only
    /// one sampled. Nil when none of these tells, and then every sample in the window is charted.
    private static func environment(
        of step: StepRecord, detail: RunDetail, candidates: [MetricSampleRecord]
    ) -> String? {
        if let gate = detail.gateEvaluations.first(where: { $0.stepId == step.stepId }) { return gate.environment }
        let sampled = Set(candidates.map(\.environment))
        let end = step.finishedAt ?? .distantFuture
        if let deployment = detail.deployments.first(where: {
            $0.runId == detail.run.id && $0.startedAt >= step.startedAt.addingTimeInterval(-slack)
                && $0.startedAt <= end && sampled.contains($0.environment)
        }) {
            return deployment.environment
        }
        let words = step.title.split(separator: " ").map(String.init)
        if let word = words.reversed().first(where: sampled.contains) { return word }
        return sampled.count == 1 ? sampled.first : nil
    }

    /// One line per slot and revision, stable first, then canary, then any other slot, each in
    /// the order it was first sampled.
    private static func lines(of samples: [MetricSampleRecord], flag: Bool) -> [Line] {
        struct Key: Hashable {
            var slot: String
            var revisionId: String?
        }
        var order: [Key] = []
        var grouped: [Key: [MetricSampleRecord]] = [:]
        for sample in samples {
            let key = Key(slot: sample.slot, revisionId: sample.revisionId)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(sample)
        }
        func rank(_ slot: String) -> Int { slot == "stable" ? 0 : slot == "canary" ? 1 : 2 }
        let keys = order.enumerated().sorted { (rank($0.element.slot), $0.offset) < (rank($1.element.slot), $1.offset) }
        var perFamily: [String: Int] = [:]
        return keys.map(\.element).map { key in
            let family = ["stable", "canary", "other"][rank(key.slot)]
            let index = perFamily[family, default: 0]
            perFamily[family] = index + 1
            let name =
                flag ? (key.slot == "canary" ? "flag on" : key.slot == "stable" ? "flag off" : key.slot) : key.slot
            let revision = key.revisionId.map { " \(ReportFormat.shortRevision($0))" } ?? ""
            return Line(
                slot: key.slot, revisionId: key.revisionId, label: name + revision, style: "\(family)-\(index % 3)",
                samples: grouped[key] ?? [])
        }
    }

    /// The weight at each moment sampled (the canary's row and the stable's carry the same one),
    /// kept only where it changed. Empty when it never left 0, so no band hides the floor.
    private static func weights(of samples: [MetricSampleRecord], origin: Date) -> [WeightStep] {
        var byMoment: [Date: Double] = [:]
        for sample in samples where sample.weight.isFinite {
            byMoment[sample.at] = max(byMoment[sample.at] ?? 0, min(100, max(0, sample.weight)))
        }
        var steps: [WeightStep] = []
        for moment in byMoment.keys.sorted() {
            let percent = byMoment[moment] ?? 0
            if steps.last?.percent != percent {
                steps.append(WeightStep(t: moment.timeIntervalSince(origin), percent: percent))
            }
        }
        return steps.contains { $0.percent > 0 } ? steps : []
    }

    private static func weightMarkers(_ weights: [WeightStep], origin: Date, flag: Bool) -> [ChartMarker] {
        var previous = 0.0
        var markers: [ChartMarker] = []
        for step in weights where step.percent != previous {
            let label = "\(ReportFormat.compact(step.percent))%"
            let what = flag ? "flag share" : "canary weight"
            let at = ReportFormat.clock(origin.addingTimeInterval(step.t))
            markers.append(
                ChartMarker(t: step.t, kind: .weightChange, label: label, detail: "\(what) → \(label) at \(at)"))
            previous = step.percent
        }
        return markers
    }

    /// Rollbacks of the environment by this run: deployments that ended `rolled_back` or
    /// `rollback_failed` (a rollback tried and refused by the fleet must show as plainly as one
    /// that worked) and audit entries `rollback`, one per moment (they usually record the same event).
    private static func rollbacks(
        in detail: RunDetail, environment: String?, runId: Int64
    ) -> [(at: Date, detail: String)] {
        func ours(_ env: String?, _ run: Int64?) -> Bool {
            (environment == nil || env == nil || env == environment) && (run == nil || run == runId)
        }
        var found: [(at: Date, detail: String)] = []
        for deployment in detail.deployments where [.rolledBack, .rollbackFailed].contains(deployment.outcome) {
            guard ours(deployment.environment, deployment.runId) else { continue }
            let at = deployment.finishedAt ?? deployment.startedAt
            let why = deployment.message.map { ": \($0)" } ?? ""
            let revision = ReportFormat.shortRevision(deployment.revisionId)
            let what = deployment.outcome == .rolledBack ? "rolled back \(revision)" : "rollback of \(revision) FAILED"
            found.append((at, "\(what) at \(ReportFormat.clock(at))\(why)"))
        }
        for entry in detail.audit where entry.action == "rollback" && ours(entry.environment, entry.runId) {
            found.append((entry.at, "rollback at \(ReportFormat.clock(entry.at)): \(entry.detail)"))
        }
        var unique: [(at: Date, detail: String)] = []
        for rollback in found.sorted(by: { $0.at < $1.at }) {
            if let last = unique.last, rollback.at.timeIntervalSince(last.at) < 1 { continue }
            unique.append(rollback)
        }
        return unique
    }
}
