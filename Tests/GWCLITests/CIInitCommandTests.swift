import Foundation
import GWYAML
import Testing

@testable import GWCLI

/// `gwpipe ci init --github`: a workflow that parses back as YAML, runs the right file, passes the
/// program's secrets from repository secrets, and is never overwritten by accident.
@Suite struct CIInitCommandTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func output() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-ci-\(UUID().uuidString)")
        return directory.appendingPathComponent(".github/workflows/gwpipe.yml").path
    }

    private func example(_ name: String) -> String {
        Self.repositoryRoot.appendingPathComponent("examples/\(name)").path
    }

    @Test func theWorkflowRunsThePipelineWithTheProgramsSecrets() throws {
        let path = try output()
        let result = CIInitAction(file: example("rolling.gwpipe"), output: path, branch: "release").run()
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("repository secrets to set: GWPIPE_ADMIN_TOKEN"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let root = try YAMLParser().parse(text, fileName: path).root
        #expect(root["on"]?["push"]?["branches"]?[0]?.scalar?.value == "release")
        let steps = try #require(root["jobs"]?["release"]?["steps"]?.sequence?.items)
        let release = try #require(steps.first { $0["name"]?.scalar?.value == "Release" })
        let command = try #require(release["run"]?.scalar?.value)
        #expect(command.hasPrefix("gwpipe run \(example("rolling.gwpipe")) --junit "))
        #expect(release["env"]?["GWPIPE_ADMIN_TOKEN"]?.scalar?.value == "${{ secrets.GWPIPE_ADMIN_TOKEN }}")
        let checks = try #require(root["jobs"]?["check"]?["steps"]?.sequence?.items)
        #expect(checks.contains { $0["run"]?.scalar?.value.contains("--format github") == true })
    }

    @Test func anExistingWorkflowIsKeptUnlessForced() throws {
        let path = try output()
        #expect(CIInitAction(file: example("quickstart/gateway.gwpipe"), output: path).run().exitCode == 0)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: path))
        let refused = CIInitAction(file: example("quickstart/gateway.gwpipe"), output: path).run()
        #expect(refused.exitCode == 2)
        #expect(refused.standardError.contains("--force"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine\n")
        let forced = CIInitAction(file: example("quickstart/gateway.gwpipe"), output: path, install: "true", force: true).run()
        #expect(forced.exitCode == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("run: |\n        true\n"))
    }

    @Test func badInputExitsTwoWithAMessage() throws {
        let unknown = CIInitAction(file: example("quickstart/gateway.gwpipe"), output: try output(), pipeline: "nope").run()
        #expect(unknown.exitCode == 2)
        #expect(unknown.standardError.contains("no pipeline 'nope'"))
        let missing = CIInitAction(file: example("missing.gwpipe"), output: try output()).run()
        #expect(missing.exitCode == 2)
    }
}
