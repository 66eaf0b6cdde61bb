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
        for suite in pipeline.suites {
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
