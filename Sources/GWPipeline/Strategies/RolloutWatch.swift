import Foundation
import GWPlan
import GWProxy
import GWStateStore

/// Watches a rollout while traffic flows at one weight: abort conditions every tick (a quarter of a
/// second, scaled: the design asks for at least every second, and a quicker check takes traffic off a
/// failing canary sooner), the `analyze` gates every interval, a metric sample of each side every
/// second for the report. Failed evaluations count across the whole rollout against `failure_limit`.
struct RolloutWatch {
    let strategy: StrategyPlan
    let context: RunContext
    let step: StepRecord
    let environment: String
    let sides: MetricsSides
    /// Revision ids of the two sides, for the samples.
    var revisions: [String: String]
    private var failures = 0
    private var abortHeldSince: [Int: Date] = [:]
    private let evaluator: GateEvaluator

    init(strategy: StrategyPlan, context: RunContext, step: StepRecord, environment: String, sides: MetricsSides, revisions: [String: String]) {
        self.strategy = strategy
        self.context = context
        self.step = step
        self.environment = environment
        self.sides = sides
        self.revisions = revisions
        self.evaluator = GateEvaluator(minRequests: strategy.minRequests)
    }

    /// One tick: the abort checks' cadence, in wall seconds.
    private var tick: Double { max(0.02, context.clock.seconds(milliseconds: 250)) }
    private var sampleInterval: Double { max(0.05, context.clock.seconds(milliseconds: 1000)) }
    private var lastSample: Date?

    /// Windows are at least two seconds of the gateway's one-second buckets, so a window never
    /// holds only the second that just began.
    private func window(_ seconds: Double) -> Double { max(2, seconds) }

    /// Watches for `seconds` (wall clock) with the canary at `weight`.
    mutating func watch(seconds: Double, weight: Double) async throws -> RolloutVerdict {
        let start = Date()
        let interval = strategy.analysisIntervalMs.map { max(tick, context.clock.seconds(milliseconds: $0)) }
        var lastAnalysis = start
        var rounds = 0
        var conclusiveRounds = 0
        var lastInconclusive = ""
        while true {
            let elapsed = Date().timeIntervalSince(start)
            let remaining = seconds - elapsed
            if remaining <= 0 { break }
            try await context.clock.sleep(seconds: min(tick, remaining))
            let now = Date()
            if lastSample.map({ now.timeIntervalSince($0) >= sampleInterval - 0.001 }) ?? true {
                lastSample = now
                try await sample(weight: weight, at: now)
            }
            if let reason = try await checkAborts(weight: weight, at: now) { return .failed(reason) }
            if let interval, now.timeIntervalSince(lastAnalysis) >= interval - 0.001 {
                lastAnalysis = now
                rounds += 1
                switch try await analyze(weight: weight, windowSeconds: interval) {
                case .failed(let reason): return .failed(reason)
                case .inconclusive(let reason): lastInconclusive = reason
                case .healthy: conclusiveRounds += 1
                }
            }
        }
        // A step shorter than the interval still gets judged once, at its end.
        if let interval, rounds == 0 {
            switch try await analyze(weight: weight, windowSeconds: max(interval, seconds)) {
            case .failed(let reason): return .failed(reason)
            case .inconclusive(let reason): return .inconclusive(reason)
            case .healthy: return .healthy
            }
        }
        if rounds > 0, conclusiveRounds == 0 { return .inconclusive(lastInconclusive) }
        return .healthy
    }

    /// Every gate once over the last `windowSeconds`; a round fails when any gate fails.
    mutating func analyze(weight: Double?, windowSeconds: Double) async throws -> RolloutVerdict {
        guard !strategy.gates.isEmpty else { return .healthy }
        let snapshots = try await sides.snapshots(window(windowSeconds))
        var failed: [String] = []
        var inconclusive: [String] = []
        for gate in strategy.gates {
            let result = evaluator.evaluate(gate, sides: snapshots)
            try record(gate, result, kind: .analysis, weight: weight, windowSeconds: window(windowSeconds))
            switch result.verdict {
            case .fail: failed.append(result.summary)
            case .inconclusive: inconclusive.append(result.summary)
            case .pass: break
            }
        }
        if !failed.isEmpty {
            failures += 1
            if failures > strategy.failureLimit {
                let limit = strategy.failureLimit == 0 ? "" : " (\(failures) failed evaluations, failure_limit \(strategy.failureLimit))"
                let others = failed.count > 1 ? " (and \(failed.count - 1) more)" : ""
                return .failed("gate failed\(limit): \(failed[0])\(others)")
            }
            return .healthy
        }
        if let first = inconclusive.first {
            return .inconclusive(first + (inconclusive.count > 1 ? " (and \(inconclusive.count - 1) more)" : ""))
        }
        return .healthy
    }

    /// An abort condition aborts once it has held (with data) for its `for` duration.
    private mutating func checkAborts(weight: Double?, at now: Date) async throws -> String? {
        guard !strategy.aborts.isEmpty else { return nil }
        let snapshots = try await sides.snapshots(window(1))
        let abortEvaluator = GateEvaluator(minRequests: 1)
        for (index, abort) in strategy.aborts.enumerated() {
            let result = abortEvaluator.evaluate(abort.gate, sides: snapshots)
            switch result.verdict {
            case .pass:
                let since = abortHeldSince[index] ?? now
                abortHeldSince[index] = since
                let held = now.timeIntervalSince(since)
                // Recorded on every check that holds (as a failed health check), so the report shows
                // the condition building up.
                var holding = result
                holding.verdict = .fail
                holding.summary = result.summary.replacingOccurrences(of: ": pass (", with: ": holds (")
                try record(abort.gate, holding, kind: .abort, weight: weight, windowSeconds: window(1))
                if held + 0.001 >= context.clock.seconds(milliseconds: abort.forMs) {
                    return "abort condition held for \(Self.format(seconds: held)): \(holding.summary)"
                }
            case .fail:
                abortHeldSince[index] = nil
            case .inconclusive:
                break
            }
        }
        return nil
    }

    private func sample(weight: Double, at now: Date) async throws {
        let snapshots = try await sides.snapshots(1)
        for side in ["stable", "canary"] {
            guard let snapshot = snapshots[side] else { continue }
            try context.recorder.sample(
                MetricSampleRecord(
                    runId: context.runId, environment: environment, at: now, slot: side, revisionId: revisions[side],
                    requests: snapshot.requests, errors: snapshot.errors, errorRate: snapshot.errorRate,
                    p99Latency: snapshot.p99Latency, weight: weight))
        }
    }

    private func record(
        _ gate: GatePlan, _ result: GateResult, kind: GateEvaluationRecord.Kind, weight: Double?, windowSeconds: Double
    ) throws {
        try context.recorder.gate(
            GateEvaluationRecord(
                runId: context.runId, stepId: step.stepId, environment: environment, at: Date(), kind: kind,
                expression: gate.source, location: gate.location, verdict: result.verdict, observed: result.observed,
                weight: weight, windowSeconds: windowSeconds),
            stage: step.stage, summary: (kind == .abort ? "abort when " : "gate ") + result.summary)
    }

    static func format(seconds: Double) -> String {
        seconds < 10 ? String(format: "%.1fs", seconds) : String(format: "%.0fs", seconds)
    }
}
