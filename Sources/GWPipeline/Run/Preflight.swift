import Foundation
import GWContract
import GWPlan

/// What can be known wrong before anything moves: every test suite a pipeline names must load.
/// A broken suite found in the last stage would otherwise leave earlier stages deployed for nothing.
struct Preflight {
    let input: PipelineInput

    func run(_ pipeline: PipelinePlan) throws {
        var problems: [String] = []
        let loader = TestSuiteLoader()
        var suites: [String] = []
        for step in pipeline.steps + pipeline.onFailure {
            if step.kind == "test", let suite = step.suite { suites.append(suite) }
            if let verify = step.strategy?.verify { suites.append(verify) }
        }
        for suite in Set(suites).sorted() {
            let path = suite.hasPrefix("/") ? suite : input.baseDirectory.appendingPathComponent(suite).path
            do {
                _ = try loader.load(path)
            } catch {
                problems.append(error.description)
            }
        }
        if !problems.isEmpty {
            throw PipelineError(.configuration, problems.joined(separator: "\n"))
        }
    }
}
