import Foundation
import GWPipeline
import Testing

@testable import GWCLI

/// The console views of a run: GitHub Actions groups and annotations, and the live tree.
@Suite struct ConsoleOutputTests {
    @Test func githubOutputGroupsStagesAndAnnotatesTheFailedStep() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let file = try harness.write(
            Programs.gateway(
                pipeline: Programs.pipeline(stages: [("first", "run \"true\""), ("second", "run \"exit 5\"")])))
        let run = try await harness.run(file, output: .github)
        #expect(run.exitCode == 1)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("::group::stage first"))
        #expect(lines.contains("::group::stage second"))
        #expect(lines.filter { $0 == "::endgroup::" }.count >= 2)
        let location = try #require(run.step("second.1")?.location)
        let parts = location.split(separator: ":")
        let (line, column) = (parts[parts.count - 2], parts[parts.count - 1])
        #expect(
            lines.contains {
                $0.hasPrefix("::error file=") && $0.contains(",line=\(line),col=\(column)::") && $0.contains("exited 5")
            },
            "\(run.output)")
    }

    @Test func liveOutputDrawsTheTreeWithMarks() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let file = try harness.write(
            Programs.gateway(
                pipeline: Programs.pipeline(stages: [("build", "run \"echo built\""), ("ship", "wait 1s")])))
        let run = try await harness.run(file, output: .live)
        #expect(run.exitCode == 0, "\(run.summary)")
        #expect(run.output.contains("build") && run.output.contains("ship"))
        #expect(run.output.contains("✓"))
        #expect(run.output.contains("run echo built"))
        #expect(run.output.contains("\u{1B}["), "the live view redraws with escape codes")
        #expect(run.output.contains("run \(run.outcome.runId) succeeded"))
    }
}
