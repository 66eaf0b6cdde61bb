import Foundation
import Testing

@testable import GWCLI

/// `plan`, `explain` and `diff` end to end, including `git:` sources and secrets never leaking.
@Suite struct PlanCommandsTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let quickstart = repositoryRoot.appendingPathComponent("examples/quickstart/gateway.gwpipe").path

    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func planWritesCanonicalJSONAndPrintsTheRevisionId() throws {
        let output = try temporaryDirectory().appendingPathComponent("plan.json").path
        let result = PlanAction(path: Self.quickstart, environment: "production", outputPath: output).run()
        #expect(result.exitCode == 0, "\(result.standardError)")
        let id = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.hasPrefix("sha256:") && id.count == 71)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any]
        let environments = try #require(json?["environments"] as? [String: Any])
        #expect(Array(environments.keys) == ["production"])
        let again = PlanAction(path: Self.quickstart, environment: "production", outputPath: output).run()
        #expect(again.standardOutput == result.standardOutput)
    }

    @Test func planNeedsAKnownEnvironment() {
        let missing = PlanAction(path: Self.quickstart, environment: nil).run()
        #expect(missing.exitCode == 2)
        #expect(missing.standardError.contains("--env"))
        let unknown = PlanAction(path: Self.quickstart, environment: "prod").run()
        #expect(unknown.exitCode == 1)
        #expect(unknown.standardError.contains("'prod', which is not an environment"))
        #expect(unknown.standardError.contains("did you mean `--env production`?"))
    }

    @Test func explainDescribesRoutesInWords() {
        let result = ExplainAction(path: Self.quickstart, route: "chat", environment: "production").run()
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("POST /v1/chat/completions  (route chat)"))
        #expect(result.standardOutput.contains("1. when model in [\"mistral-large\", \"llama-3.1-70b\"] → eu_mock"))
        #expect(result.standardOutput.contains("3. when header(\"x-tier\") == \"free\" → primary 80%, backup 20%"))
        #expect(result.standardOutput.contains("limit: 600 requests per minute per API key"))
        #expect(!result.standardOutput.contains("embeddings"))
        let unknown = ExplainAction(path: Self.quickstart, route: "chatt").run()
        #expect(unknown.exitCode == 2)
    }

    @Test func diffShowsRoutingChangesAndIgnoresFormatting() throws {
        let directory = try temporaryDirectory()
        let old = directory.appendingPathComponent("old.gwpipe")
        let new = directory.appendingPathComponent("new.gwpipe")
        let base = "gateway \"g\"\nprovider a { kind = mock }\nprovider b { kind = mock }\n"
        try Data((base + "route r {\n  match POST \"/x\"\n  else -> a 80%, b 20%\n}\n").utf8).write(to: old)
        try Data((base + "route r {\n  match POST \"/x\"\n  else -> a 70%, b 30%\n}\n").utf8).write(to: new)
        let changed = DiffAction(old: old.path, new: new.path).run()
        #expect(changed.exitCode == 1)
        #expect(changed.standardOutput.contains("~ environment default: route r: arm 1: else → a 80%, b 20%  →  else → a 70%, b 30%"))
        let reformatted = directory.appendingPathComponent("same.gwpipe")
        try Data(("# comment\n" + base.replacingOccurrences(of: "\n", with: "\n\n") + "route r { match POST \"/x\"; else -> a 80%, b 20% }\n").utf8).write(to: reformatted)
        let same = DiffAction(old: old.path, new: reformatted.path).run()
        #expect(same.exitCode == 0, "\(same.standardOutput)\(same.standardError)")
        #expect(same.standardOutput.contains("no semantic difference"))
    }

    @Test func diffReadsGitRevisionsWithImports() throws {
        let directory = try temporaryDirectory()
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", directory.path] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        try git("init", "-q")
        try git("config", "user.email", "t@example.com")
        try git("config", "user.name", "t")
        let file = directory.appendingPathComponent("gw/main.gwpipe")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("provider a { kind = mock }\nprovider b { kind = mock }\n".utf8).write(to: directory.appendingPathComponent("gw/common.gwpipe"))
        try Data("gateway \"g\"\nimport \"common.gwpipe\"\nroute r {\n  match POST \"/x\"\n  else -> a\n}\n".utf8).write(to: file)
        try git("add", "-A")
        try git("commit", "-qm", "first")
        try Data("gateway \"g\"\nimport \"common.gwpipe\"\nroute r {\n  match POST \"/x\"\n  timeout 10s\n  else -> b\n}\n".utf8).write(to: file)
        let result = DiffAction(old: "git:HEAD", new: file.path).run()
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("--- git:HEAD:gw/main.gwpipe"))
        #expect(result.standardOutput.contains("route r: arm 1: else → a  →  else → b"))
        #expect(result.standardOutput.contains("+ environment default: route r: timeout: 10s") || result.standardOutput.contains("route r: timeout: -  →  10s"))
        let badRevision = DiffAction(old: "git:no-such-ref", new: file.path).run()
        #expect(badRevision.exitCode == 2)
    }

    @Test func secretValuesAppearInNoOutput() throws {
        let secretValue = "sk-live-DO-NOT-LEAK-7f3a9c"
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("s.gwpipe").path
        let text = """
            gateway "g"
            secret openai_key = env("OPENAI_API_KEY")
            provider openai {
              kind = openai
              url  = "https://api.openai.com"
              key  = openai_key
            }
            route r {
              match POST "/v1/chat/completions"
              else -> openai
            }
            environment prod {
              listen      = "127.0.0.1:9000"
              admin       = ["http://127.0.0.1:9001"]
              admin_token = secret_env("GWPIPE_ADMIN_TOKEN")
            }

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let environment = ["OPENAI_API_KEY": secretValue, "GWPIPE_ADMIN_TOKEN": secretValue + "-admin"]
        let planPath = directory.appendingPathComponent("plan.json").path
        let outputs = [
            CheckAction(paths: [path], environmentVariables: environment).run(),
            CheckAction(paths: [path], format: .json, environmentVariables: environment).run(),
            PlanAction(path: path, environment: "prod", environmentVariables: environment).run(),
            PlanAction(path: path, environment: "prod", outputPath: planPath, environmentVariables: environment).run(),
            ExplainAction(path: path, environmentVariables: environment).run(),
            DiffAction(old: path, new: path, environmentVariables: environment).run(),
        ]
        let written = try String(contentsOfFile: planPath, encoding: .utf8)
        for output in outputs {
            #expect(!output.standardOutput.contains("DO-NOT-LEAK"))
            #expect(!output.standardError.contains("DO-NOT-LEAK"))
        }
        #expect(!written.contains("DO-NOT-LEAK"))
        #expect(written.contains("OPENAI_API_KEY"), "the plan names the variable, not the value")
        // A secret flowing into a string is refused with a message that does not echo its value.
        try Data((text + "pipeline p {\n  stage s {\n    notify \"http://127.0.0.1/${openai_key}\"\n  }\n}\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        let refused = CheckAction(paths: [path], environmentVariables: environment).run()
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("E0314"))
        #expect(!refused.standardError.contains("DO-NOT-LEAK"))
    }
}
