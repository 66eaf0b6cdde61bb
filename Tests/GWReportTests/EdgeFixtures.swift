import Foundation
import GWStateStore

/// Runs that stress the renderers: failed contract cases, hostile strings everywhere, a run still
/// going, and strategies with no, one, or all-zero samples.
enum EdgeFixtures {
    typealias F = ReportFixtures

    /// The contract suite fails two of three cases; later stages are skipped.
    static var failedContract: RunDetail {
        let cases = [
            F.contractCase("validate.1.3", "small model goes to openai", passed: true, line: 3),
            F.contractCase(
                "validate.1.3", "unknown key is refused", passed: false,
                message: "expected status 401, got 200\nexpected upstream none, got openai", line: 14),
            F.contractCase(
                "validate.1.3", "latency budget", passed: false, message: "latency 812 ms is not below 500 ms",
                line: 22),
        ]
        return RunDetail(
            run: F.run(.failed, finished: 3, message: "test tests/contract.yaml with mocks: 2 of 3 cases failed"),
            steps: [
                F.stage("validate", 0, 3, .failed),
                F.step("validate.1.1", "validate", "check", "check", 0, 0.25, .passed),
                F.step(
                    "validate.1.3", "validate", "test", "test tests/contract.yaml with mocks", 0, 3, .failed,
                    message: "2 of 3 cases failed", line: 6),
                F.stage("staging", 3, 3, .skipped),
                F.step("staging.1", "staging", "deploy", "deploy staging", 3, 3, .skipped, line: 10),
                F.stage("production", 3, 3, .skipped),
            ],
            testCases: cases, gateEvaluations: [], deployments: [], samples: [], audit: [])
    }

    /// Every string a person or a script controls holds markup, quotes and control characters.
    static var hostile: RunDetail {
        let h = F.hostile
        var detail = F.canaryRollback
        detail.run.message = h
        detail.run.pipeline = "rel<ease>&\"co\""
        detail.run.actor = h
        detail.steps = detail.steps.map { step in
            var step = step
            step.title += " \(h)"
            step.message = h
            if step.kind != "stage" { step.output = "\(h)\nline two" }
            return step
        }
        detail.gateEvaluations = detail.gateEvaluations.map { gate in
            var gate = gate
            gate.expression = "\(gate.expression) && \(h)"
            gate.observed["\(h).value"] = 1
            return gate
        }
        detail.testCases = detail.testCases.map { testCase in
            var testCase = testCase
            testCase.suite = h
            testCase.name = h
            testCase.passed = false
            testCase.message = h
            return testCase
        }
        detail.deployments = detail.deployments.map { deployment in
            var deployment = deployment
            deployment.message = h
            return deployment
        }
        detail.audit = detail.audit.map { entry in
            var entry = entry
            entry.detail = h
            return entry
        }
        return detail
    }

    /// The run is in its canary: no finish times, the strategy step still `running`.
    static var running: RunDetail {
        var samples: [MetricSampleRecord] = []
        for t in stride(from: 3.0, through: 12, by: 1) {
            samples.append(F.sample(t, "stable", F.stableRevision, requests: 50, errorRate: 0.5, p99: 95, weight: 10))
            samples.append(F.sample(t, "canary", F.canaryRevision, requests: 5, errorRate: 0, p99: 99, weight: 10))
        }
        return RunDetail(
            run: F.run(.running, finished: nil),
            steps: [
                F.stage("production", 2, nil, .running),
                F.step("production.1", "production", "canary", "canary production", 2, nil, .running, line: 12),
            ],
            testCases: [], gateEvaluations: [], deployments: [], samples: samples,
            audit: [F.audit(0, "run.start", "release.gwpipe on main")])
    }

    /// A strategy step with the given samples and nothing else of note.
    static func strategy(_ samples: [MetricSampleRecord], status: StepRecord.Status = .passed) -> RunDetail {
        RunDetail(
            run: F.run(.succeeded, finished: 30),
            steps: [
                F.stage("production", 0, 30, status),
                F.step("production.1", "production", "canary", "canary production", 0, 30, status, line: 12),
            ],
            testCases: [], gateEvaluations: [], deployments: [], samples: samples, audit: [])
    }

    static var noSamples: RunDetail { strategy([]) }

    static var oneSample: RunDetail {
        strategy([
            F.sample(5, "stable", F.stableRevision, requests: 10, errorRate: 1, p99: 80, weight: 5),
            F.sample(5, "canary", F.canaryRevision, requests: 1, errorRate: 0, p99: 85, weight: 5),
        ])
    }

    /// Traffic flows but nothing fails and every latency reads 0, weight never moves.
    static var allZero: RunDetail {
        strategy(
            stride(from: 1.0, through: 20, by: 1).flatMap { t in
                [
                    F.sample(t, "stable", F.stableRevision, requests: 10, errorRate: 0, p99: 0, weight: 0),
                    F.sample(t, "canary", F.canaryRevision, requests: 10, errorRate: 0, p99: 0, weight: 0),
                ]
            })
    }

    /// Samples that carry no traffic and values no recorder should write (NaN, infinity).
    static var brokenValues: RunDetail {
        strategy([
            F.sample(1, "stable", F.stableRevision, requests: 0, errorRate: 0, p99: 0, weight: .nan),
            F.sample(2, "stable", F.stableRevision, requests: 10, errorRate: .nan, p99: .infinity, weight: 250),
            F.sample(3, "stable", F.stableRevision, requests: 10, errorRate: 2, p99: 40, weight: -5),
            F.sample(4, "stable", F.stableRevision, requests: 10, errorRate: 3, p99: 50, weight: 10),
        ])
    }
}
