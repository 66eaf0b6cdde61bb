import Foundation
import GWContract
import GWPlan
import GWStateStore

/// `test SUITE [with mocks | against ENV]`: a contract suite's cases, run concurrently. `with mocks`
/// (the default) serves the file's revision on an ephemeral gateway whose providers are all mocks;
/// `against ENV` sends to ENV's gateway. Each case is recorded; failures name the case's YAML line.
struct TestStep {
    let context: RunContext
    let step: StepRecord
    let plan: StepPlan

    func run() async throws -> String {
        guard let suitePath = plan.suite else { throw PipelineError(.configuration, "\(plan.location): test needs a suite") }
        let suite: TestSuite
        do {
            suite = try TestSuiteLoader().load(context.resolve(suitePath).path)
        } catch {
            throw PipelineError(.configuration, error.description)
        }
        let runner = ContractRunner(environment: context.options.environmentVariables)
        let result: SuiteResult
        if let environment = plan.target, environment != "mocks" {
            let handle = try await context.environment(environment)
            guard let url = handle.dataURL else {
                throw PipelineError(.configuration, "environment \(environment) has no listen address to test against")
            }
            result = try await Self.run(runner, suite, baseURL: url)
        } else {
            let name = Self.environmentForMocks(context.plan)
            guard let environment = context.plan.environments[name] else {
                throw PipelineError(.configuration, "there is no environment to take a revision from for `with mocks`")
            }
            let gateways: MockedGateways
            do {
                gateways = try await MockedGateways.start(
                    for: suite, revision: environment.revision, id: environment.revisionId, faults: context.plan.mocks)
            } catch let error as MockedGatewayError where error.isInputError {
                throw PipelineError(.configuration, error.message)
            } catch {
                throw PipelineError(.infrastructure, "could not start a gateway on mocks: \(error)")
            }
            result = await runner.run(suite, against: gateways)
            try? await gateways.stop()
        }
        return try record(result, suitePath: suitePath)
    }

    static func run(_ runner: ContractRunner, _ suite: TestSuite, baseURL: String) async throws -> SuiteResult {
        do {
            return try await runner.run(suite, baseURL: baseURL)
        } catch {
            throw PipelineError(.configuration, error.description)
        }
    }

    /// Records every case; passes when none failed (skipped cases are said, not counted against it).
    func record(_ result: SuiteResult, suitePath: String) throws -> String {
        for test in result.cases {
            try context.recorder.testCase(
                TestCaseRecord(
                    runId: context.runId, stepId: plan.id, suite: result.name, name: test.name, passed: test.passed,
                    message: test.skipped ?? (test.failed ? test.failures.joined(separator: "\n") : nil),
                    location: test.location.description, durationMs: test.durationMs, skipped: test.skipped != nil))
            if test.failed {
                context.recorder.output("✗ \(test.name) (\(test.location)): \(test.failures.joined(separator: "; "))", step: step)
            } else if let reason = test.skipped {
                context.recorder.output("- \(test.name) skipped: \(reason)", step: step)
            }
        }
        let failed = result.cases.filter(\.failed)
        let total = result.cases.count
        if failed.isEmpty {
            let skipped = result.skippedCount
            if skipped == 0 { return "\(total) of \(total) cases passed (\(result.name))" }
            return "\(total - skipped) of \(total) cases passed, \(skipped) skipped (\(result.name))"
        }
        let first = failed[0]
        throw PipelineError(
            .failed,
            "\(failed.count) of \(total) cases failed (\(result.name)); first: \(first.name) at \(first.location): \(first.failures.first ?? "")")
    }

    /// The revision `with mocks` tests: the first environment the pipeline deploys to, else the
    /// only (or first) environment.
    static func environmentForMocks(_ plan: Plan) -> String {
        let pipelines = plan.pipelines.keys.sorted().compactMap { plan.pipelines[$0] }
        for pipeline in pipelines {
            for step in pipeline.steps {
                if let name = step.environment, plan.environments[name] != nil { return name }
            }
        }
        return plan.environments.keys.sorted().first ?? ""
    }
}
