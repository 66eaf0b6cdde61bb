import Foundation
import Testing

@testable import GWCLI

/// The compilations that commands keep until the process exits.
@Suite struct CompilationTests {
    /// Commands run side by side in one process (the REPL's tasks, this test suite) and each keeps
    /// its compilation: appends from several threads at once must all land, and must not corrupt
    /// the heap (unguarded, they aborted the test process with "double free or corruption").
    @Test func compilationsKeptFromManyThreadsAtOnceAllLand() throws {
        let file = BuiltExecutable.repositoryRoot.appendingPathComponent("examples/quickstart/gateway.gwpipe").path
        let compilation = try Compilation.run(SourceReader(argument: file, defaultPath: nil), environment: nil, environmentVariables: [:])
        #expect(compilation.plan != nil, "\(compilation.diagnostics)")
        let before = Compilation.keptCount
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<5_000 { Compilation.keepUntilExit(compilation) }
        }
        // Other tests may keep theirs at the same time: at least these 40 000 are there.
        #expect(Compilation.keptCount - before >= 40_000)
    }
}
