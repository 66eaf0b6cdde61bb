import Foundation
import GWSyntax
import Testing

@testable import GWCLI

/// The commands end to end, in process: exit codes, output streams, and `fmt` modes on real files.
@Suite struct CLITests {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func temporaryFile(_ text: String, name: String = "t.gwpipe") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gwpipe-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func checkExitCodes() throws {
        let quickstart = Self.repositoryRoot.appendingPathComponent("examples/quickstart/gateway.gwpipe").path
        #expect(CheckAction(paths: [quickstart]).run().exitCode == 0)
        let broken = try temporaryFile("rout chat {}\n")
        let result = CheckAction(paths: [broken]).run()
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("t.gwpipe:1:1: error: unknown declaration 'rout' [E0203]"))
        #expect(result.standardError.contains("did you mean `route`?"))
        #expect(CheckAction(paths: ["/nonexistent/x.gwpipe"]).run().exitCode == 2)
        #expect(CheckAction(paths: [NSTemporaryDirectory()]).run().exitCode == 2)
    }

    @Test func checkJSONAndGitHubFormats() throws {
        let broken = try temporaryFile("provider p {\n  kind = mock\n  latency = 30x\n}\n")
        let json = CheckAction(paths: [broken], format: .json).run()
        #expect(json.exitCode == 1)
        let array = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        let first = try #require(array?.first)
        #expect(first["code"] as? String == "E0105")
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["line"] as? Int == 3)
        #expect(location["column"] as? Int == 15)
        let github = CheckAction(paths: [broken], format: .github).run()
        #expect(github.standardOutput.hasPrefix("::error file="))
        #expect(github.standardOutput.contains(",line=3,col=15,"))
    }

    @Test func fmtCheckWriteAndPrint() throws {
        let path = try temporaryFile("provider p { kind = mock; errors = 5% }\n")
        let check = FormatAction(paths: [path], mode: .check).run()
        #expect(check.exitCode == 1)
        #expect(check.standardOutput.contains("-provider p { kind = mock; errors = 5% }"))
        #expect(check.standardOutput.contains("+  kind   = mock"))
        let printed = FormatAction(paths: [path], mode: .print).run()
        #expect(printed.standardOutput == "provider p {\n  kind   = mock\n  errors = 5%\n}\n")
        #expect(FormatAction(paths: [path], mode: .write).run().exitCode == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == printed.standardOutput)
        #expect(FormatAction(paths: [path], mode: .check).run().exitCode == 0)
    }

    @Test func fmtRefusesFilesWithSyntaxErrors() throws {
        let path = try temporaryFile("route chat {\n  mach POST \"/x\"\n}\n")
        let result = FormatAction(paths: [path], mode: .write).run()
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("not formatted because it has syntax errors"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "route chat {\n  mach POST \"/x\"\n}\n")
    }

    @Test func lineDiffIsMinimal() {
        let diff = LineDiff.unified(old: "a\nb\nc\n", new: "a\nB\nc\n", path: "f")
        #expect(diff == "--- f\n+++ f (formatted)\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n")
    }
}
