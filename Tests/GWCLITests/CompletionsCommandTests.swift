import ArgumentParser
import Testing

@testable import GWCLI

/// `gwpipe completions`: scripts generated from the command tree name every command.
@Suite struct CompletionsCommandTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func scriptsNameEveryCommand(_ shell: String) throws {
        let script = GWPipeCommand.completionScript(for: try #require(CompletionShell(rawValue: shell)))
        for command in ["run", "status", "rollback", "history", "stats", "test", "scan", "serve", "check", "completions"] {
            #expect(script.contains(command), "\(shell) completions lack \(command)")
        }
    }

    @Test func anUnknownShellIsRefused() {
        #expect(throws: (any Error).self) { try CompletionsCommand.parse(["tcsh"]) }
        #expect(throws: Never.self) { try CompletionsCommand.parse(["zsh"]) }
    }
}
