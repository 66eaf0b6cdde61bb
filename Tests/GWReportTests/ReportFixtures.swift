import Foundation
import GWStateStore

/// Hand-built `RunDetail`s: what the interpreter would record for a passing release, a canary
/// that rolled back on an error spike, a run whose contract cases failed, and edge cases.
/// Times are whole seconds after `t0` (2025-03-01 12:00:00 UTC), so goldens are stable.
enum ReportFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_740_830_400)
    static let stableRevision = "sha256:aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa7777bbbb8888"
    static let canaryRevision = "sha256:9f3e1a2b44556677889900aabbccddeeff00112233445566778899aabbccddee"
    /// Markup, quotes, an ampersand and control characters, as a hostile script or gate could write.
    static let hostile = "<script>alert(\"pwn\" & 'x')</script> \u{1B}[31mred\u{1B}[0m \u{0}\u{7} ]]> --> <!--"

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func run(_ status: RunRecord.Status, finished: Double?, message: String? = nil) -> RunRecord {
        RunRecord(
            id: 7, pipeline: "release", file: "release.gwpipe", startedAt: t0, finishedAt: finished.map(at),
            status: status, exitCode: finished == nil ? nil : (status == .succeeded ? 0 : 1), message: message,
            gitCommit: "4b825dc642cb6eb9a060e54bf8d69288fbee4904", gitBranch: "main", actor: "ci@runner-1", pid: 4242,
            host: "runner-1")
    }

    static func stage(
        _ name: String, _ start: Double, _ end: Double?, _ status: StepRecord.Status, message: String? = nil
    ) -> StepRecord {
        StepRecord(
            runId: 7, stepId: name, stage: name, kind: "stage", title: "stage \(name)", location: "release.gwpipe:2:3",
            startedAt: at(start), finishedAt: end.map(at), status: status, message: message)
    }

    static func step(
        _ id: String, _ stage: String, _ kind: String, _ title: String, _ start: Double, _ end: Double?,
        _ status: StepRecord.Status, message: String? = nil, output: String? = nil, line: Int = 4
    ) -> StepRecord {
        StepRecord(
            runId: 7, stepId: id, stage: stage, kind: kind, title: title, location: "release.gwpipe:\(line):7",
            startedAt: at(start), finishedAt: end.map(at), status: status, message: message, output: output)
    }

    static func sample(
        _ t: Double, _ slot: String, _ revision: String?, requests: Int, errorRate: Double, p99: Double,
        weight: Double, environment: String = "production"
    ) -> MetricSampleRecord {
        MetricSampleRecord(
            runId: 7, environment: environment, at: at(t), slot: slot, revisionId: revision, requests: requests,
            errors: errorRate.isFinite ? Int((Double(requests) * errorRate / 100).rounded()) : 0, errorRate: errorRate,
            p99Latency: p99,
            weight: weight)
    }

    static func gate(
        _ t: Double, _ expression: String, _ verdict: GateEvaluationRecord.Verdict, _ observed: [String: Double],
        step: String = "production.1", kind: GateEvaluationRecord.Kind = .analysis, weight: Double? = nil
    ) -> GateEvaluationRecord {
        GateEvaluationRecord(
            runId: 7, stepId: step, environment: "production", at: at(t), kind: kind, expression: expression,
            location: "release.gwpipe:21:9", verdict: verdict, observed: observed, weight: weight, windowSeconds: 10)
    }

    static func audit(_ t: Double, _ action: String, _ detail: String, environment: String? = "production")
        -> AuditEntry
    {
        AuditEntry(at: at(t), actor: "ci@runner-1", action: action, environment: environment, runId: 7, detail: detail)
    }

    static func contractCase(
        _ step: String, _ name: String, passed: Bool, message: String? = nil, line: Int
    ) -> TestCaseRecord {
        TestCaseRecord(
            runId: 7, stepId: step, suite: "chat contract", name: name, passed: passed, message: message,
            location: "tests/contract.yaml:\(line):5", durationMs: 12.5)
    }

    /// The validate stage every fixture starts with: check, scan and a passing contract suite.
    static var validate: (steps: [StepRecord], cases: [TestCaseRecord]) {
        let steps = [
            stage("validate", 0, 2, .passed),
            step("validate.1.1", "validate", "check", "check", 0, 0.25, .passed),
            step("validate.1.2", "validate", "scan", "scan", 0, 0.5, .passed, line: 5),
            step("validate.1.3", "validate", "test", "test tests/contract.yaml with mocks", 0, 2, .passed, line: 6),
        ]
        let cases = [
            contractCase("validate.1.3", "small model goes to openai", passed: true, line: 3),
            contractCase("validate.1.3", "unknown key is refused", passed: true, line: 14),
        ]
        return (steps, cases)
    }

    /// Every stage passes; the canary walks 10% → 50% and is promoted.
    static var passing: RunDetail {
        let (validateSteps, cases) = validate
        var samples: [MetricSampleRecord] = []
        for t in stride(from: 4.0, through: 24, by: 1) {
            let weight = t < 14 ? 10.0 : 50.0
            samples.append(sample(t, "stable", stableRevision, requests: 90, errorRate: 0.1, p99: 110, weight: weight))
            samples.append(sample(t, "canary", canaryRevision, requests: 10, errorRate: 0, p99: 118, weight: weight))
        }
        return RunDetail(
            run: run(.succeeded, finished: 26),
            steps: validateSteps + [
                stage("production", 2, 26, .passed),
                step(
                    "production.1", "production", "run", "run scripts/smoke.sh", 2, 3, .passed, output: "ok: 3 checks\n"
                ),
                step("production.2", "production", "canary", "canary production", 3, 26, .passed, message: "promoted"),
            ],
            testCases: cases,
            gateEvaluations: [
                gate(
                    14, "error_rate < 1%", .pass, ["canary.error_rate": 0, "canary.requests": 100], step: "production.2"
                ),
                gate(
                    24, "error_rate < 1%", .pass, ["canary.error_rate": 0, "canary.requests": 500], step: "production.2"
                ),
            ],
            deployments: [
                DeploymentRecord(
                    runId: 7, environment: "production", revisionId: canaryRevision, previousRevisionId: stableRevision,
                    strategy: "canary", startedAt: at(3), finishedAt: at(26), outcome: .promoted, message: "promoted")
            ],
            samples: samples,
            audit: [audit(0, "run.start", "release.gwpipe on main"), audit(26, "promote", "canary promoted")])
    }

    /// The canary reaches 25%, its error rate spikes at 70 s, the gate fails at 75 s and traffic is
    /// rolled back at 80 s; the `on failure` block rolls back and notifies.
    static var canaryRollback: RunDetail {
        let (validateSteps, cases) = validate
        var samples: [MetricSampleRecord] = []
        for t in stride(from: 3.0, through: 82, by: 1) {
            let weight: Double = t >= 80 ? 0 : t >= 65 ? 25 : t >= 35 ? 5 : t >= 5 ? 1 : 0
            let spike = t >= 70 && t < 80
            samples.append(
                sample(
                    t, "stable", stableRevision, requests: 100, errorRate: 0.2,
                    p99: 120 + t.truncatingRemainder(dividingBy: 7), weight: weight))
            let canaryRequests = weight == 0 ? 0 : max(1, Int(weight * 2))
            samples.append(
                sample(
                    t, "canary", canaryRevision, requests: canaryRequests, errorRate: spike ? 12.5 : 0.3,
                    p99: spike ? 900 : 130, weight: weight))
        }
        var gates = [
            gate(10, "error_rate < 1%", .inconclusive, ["canary.error_rate": 0, "canary.requests": 12], weight: 1)
        ]
        for t in stride(from: 20.0, through: 70, by: 10) {
            gates.append(
                gate(
                    t, "error_rate < 1%", .pass, ["canary.error_rate": 0.3, "canary.requests": 240],
                    weight: t >= 65 ? 25 : t >= 35 ? 5 : 1))
        }
        gates.append(
            gate(75, "error_rate < 1%", .fail, ["canary.error_rate": 12.5, "canary.requests": 250], weight: 25))
        gates.append(
            gate(
                75, "canary.error_rate <= stable.error_rate + 0.5%", .fail,
                ["canary.error_rate": 12.5, "stable.error_rate": 0.2], weight: 25))
        let message = "canary production aborted: gate error_rate < 1% failed (canary.error_rate = 12.5)"
        return RunDetail(
            run: run(.failed, finished: 84, message: message),
            steps: validateSteps + [
                stage("production", 2, 80, .failed, message: "canary production failed"),
                step(
                    "production.1", "production", "canary", "canary production", 2, 80, .failed,
                    message: "aborted: gate error_rate < 1% failed", line: 12),
                stage("on_failure", 80, 84, .passed),
                step("on_failure.1", "on_failure", "rollback", "rollback production", 80, 81, .passed, line: 30),
                step(
                    "on_failure.2", "on_failure", "notify", "notify http://127.0.0.1:9999/hooks/deploys", 81, 84,
                    .passed,
                    output: "POST /hooks/deploys -> 204\n", line: 31),
            ],
            testCases: cases,
            gateEvaluations: gates,
            deployments: [
                DeploymentRecord(
                    runId: 7, environment: "production", revisionId: canaryRevision, previousRevisionId: stableRevision,
                    strategy: "canary", startedAt: at(3), finishedAt: at(80), outcome: .rolledBack,
                    message: "gate error_rate < 1% failed")
            ],
            samples: samples,
            audit: [
                audit(0, "run.start", "release.gwpipe on main"),
                audit(3, "deploy", "canary 9f3e1a2b uploaded at weight 0"),
                audit(5, "canary.weight", "1%"), audit(35, "canary.weight", "5%"), audit(65, "canary.weight", "25%"),
                audit(80, "rollback", "gate error_rate < 1% failed; traffic back to aaaa1111"),
            ])
    }
}
