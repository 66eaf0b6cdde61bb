import Foundation
import GWScan
import Testing

@testable import GWCLI

/// `gwpipe scan` in process: exit codes, the three formats, the SARIF file, and keys kept out of
/// everything it prints or writes.
@Suite struct ScanCommandTests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let key = "sk-proj-T3stOnlyNotARealKey0000000000000000000000"

    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gwpipe-scan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    private func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private static let openRoute = """
        gateway "g"
        provider local { kind = mock }
        route chat {
          match POST "/v1/chat/completions"
          timeout 30s
          else -> local
        }

        """

    @Test func quickstartHasNoErrorFinding() {
        let quickstart = Self.repositoryRoot.appendingPathComponent("examples/quickstart/gateway.gwpipe").path
        let result = ScanAction(path: quickstart, environmentVariables: [:]).run()
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardError.contains("scanned \(quickstart): "))
        #expect(!result.standardError.contains(": error: "))
    }

    @Test func errorFindingExitsOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(Self.openRoute, "open.gwpipe", in: directory)
        let result = ScanAction(path: path, environmentVariables: [:]).run()
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("open.gwpipe:3:7: error: route chat has no auth and no limit"))
        #expect(result.standardError.contains("[GW-S003]\n  help: "))
        #expect(result.standardError.hasSuffix("scanned \(path): 1 error\n"))

        let limited = try write(
            Self.openRoute.replacingOccurrences(
                of: "  timeout 30s", with: "  limit 60 requests / 1m by ip\n  timeout 30s"),
            "limited.gwpipe", in: directory)
        let warningOnly = ScanAction(path: limited, environmentVariables: [:]).run()
        #expect(warningOnly.exitCode == 0, "a warning does not fail the scan")
        #expect(warningOnly.standardError.contains("[GW-S002]"))
    }

    @Test func checkErrorsExitOneAndKeysStayMasked() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source =
            "gateway \"g\"\nprovider p {\n  kind = openai\n  url = \"https://api.openai.com\"\n"
            + "  key = \"\(Self.key)\"\n}\n"
        let path = try write(source, "leak.gwpipe", in: directory)
        let sarif = directory.appendingPathComponent("out.sarif").path
        for format in ScanFormat.allCases {
            let result = ScanAction(path: path, sarifPath: sarif, format: format, environmentVariables: [:]).run()
            #expect(result.exitCode == 1)
            let everything =
                result.standardOutput + result.standardError + (try String(contentsOfFile: sarif, encoding: .utf8))
            #expect(everything.contains("E0304"), "the check error is reported")
            #expect(everything.contains("GW-S001"), "the key is reported even though the plan failed")
            #expect(!everything.contains(Self.key))
            #expect(!everything.contains("T3stOnly"))
            #expect(result.standardError.contains("the plan rules did not run"))
        }
    }

    @Test func unreadableInputExitsTwo() throws {
        #expect(ScanAction(path: "/nonexistent/x.gwpipe").run().exitCode == 2)
        #expect(ScanAction(path: NSTemporaryDirectory()).run().exitCode == 2)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(Self.openRoute, "open.gwpipe", in: directory)
        let unwritable = ScanAction(path: path, sarifPath: directory.appendingPathComponent("no/such/dir/x.sarif").path)
            .run()
        #expect(unwritable.exitCode == 2)
        #expect(unwritable.standardError.contains("cannot write the SARIF log"))
    }

    @Test func jsonAndGitHubFormatsAndSARIF() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(Self.openRoute, "open.gwpipe", in: directory)
        let json = ScanAction(path: path, format: .json, environmentVariables: [:]).run()
        let lines = json.standardOutput.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["rule"] as? String == "GW-S003")
        #expect(object["line"] as? Int == 3)
        #expect(object["column"] as? Int == 7)

        let github = ScanAction(path: path, format: .github, environmentVariables: [:]).run()
        #expect(
            github.standardOutput.hasPrefix("::error file=\(path),line=3,col=7::route chat has no auth and no limit"))

        let sarifPath = directory.appendingPathComponent("scan.sarif").path
        let withSARIF = ScanAction(path: path, sarifPath: sarifPath, environmentVariables: [:]).run()
        #expect(withSARIF.exitCode == 1)
        let log = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarifPath))) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["version"] as? String == GWPipeCommand.configuration.version)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["GW-S003"])
    }

    @Test func environmentOptionScansThatEnvironment() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source =
            Self.openRoute.replacingOccurrences(
                of: "  timeout 30s", with: "  limit 60 requests / 1m by ip\n  timeout 30s") + """
                environment staging { listen = "127.0.0.1:8080" }
                environment production {
                  listen = "0.0.0.0:9080"
                  admin  = ["http://127.0.0.1:9081"]
                }

                """
        let path = try write(source, "envs.gwpipe", in: directory)
        let staging = ScanAction(path: path, environment: "staging", environmentVariables: [:]).run()
        #expect(staging.exitCode == 0, "\(staging.standardError)")
        let production = ScanAction(path: path, environment: "production", environmentVariables: [:]).run()
        #expect(production.exitCode == 1)
        #expect(production.standardError.contains("[GW-S007]"))
        let unknown = ScanAction(path: path, environment: "qa", environmentVariables: [:]).run()
        #expect(unknown.exitCode == 1, "an unknown environment is a check error")
    }

    @Test func commandIsRegistered() throws {
        let command = try GWPipeCommand.parseAsRoot([
            "scan", "x.gwpipe", "--format", "github", "--sarif", "o.sarif", "--env", "e",
        ])
        let scan = try #require(command as? ScanCommand)
        #expect(scan.file == "x.gwpipe")
        #expect(scan.format == .github)
        #expect(scan.sarif == "o.sarif")
        #expect(scan.env == "e")
    }
}
