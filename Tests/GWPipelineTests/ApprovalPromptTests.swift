import Foundation
import GWPipeline
import GWStateStore
import Synchronization
import Testing

@testable import GWCLI

/// The y/N prompt: a Ctrl-C while it waits cancels the run (exit 130) like anywhere else, and the
/// live view does not redraw over the question.
@Suite struct ApprovalPromptTests {
    static let pipeline = Programs.pipeline(stages: [
        ("build", "run \"true\""),
        ("release", "approve\nrun \"echo released >> release.log\""),
    ])

    /// Waits until the run is cancelled, then returns without an answer (as a prompt that only
    /// stops waiting would): the run must still end cancelled, not "waiting for approval".
    final class AskedUntilCancelled: Approver {
        let asked = Mutex(false)

        func ask(_ question: String) async -> Bool? {
            asked.withLock { $0 = true }
            while !Task.isCancelled { try? await Task.sleep(nanoseconds: 10_000_000) }
            return nil
        }
    }

    @Test func ctrlCWhileAskedCancelsTheRun() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let file = try harness.write(Programs.gateway(pipeline: Self.pipeline))
        let approver = AskedUntilCancelled()
        let task = Task { try await harness.run(file, approver: approver) }
        let asked = await Eventually.wait(timeout: 60) { approver.asked.withLock { $0 } }
        #expect(asked, "the approver was never asked")
        task.cancel()
        let run = try await task.value
        #expect(run.exitCode == 130, "\(run.summary)")
        #expect(run.outcome.status == .cancelled)
        #expect(run.step("release.1")?.status == .cancelled, "\(run.summary)")
        #expect(harness.contents(harness.directory.appendingPathComponent("release.log").path).isEmpty)
    }

    @Test func theTerminalPromptGivesUpWhenCancelled() async throws {
        let release = DispatchSemaphore(value: 0)
        let prompted = Mutex("")
        let approver = TerminalApprover(
            isTerminal: { true }, write: { text in prompted.withLock { $0 += text } },
            readAnswer: {
                // Nobody answers: the read blocks until the test lets it go.
                release.wait()
                return "y"
            })
        let ended = Mutex<String?>(nil)
        let task = Task {
            do {
                let answer = try await approver.ask("Approve stage release?")
                ended.withLock { $0 = "answered \(String(describing: answer))" }
            } catch {
                ended.withLock { $0 = "\(type(of: error))" }
            }
        }
        let shown = await Eventually.wait(timeout: 10) { prompted.withLock { $0 }.contains("Approve stage release? [y/N]") }
        #expect(shown)
        task.cancel()
        let gaveUp = await Eventually.wait(timeout: 5) { ended.withLock { $0 } != nil }
        release.signal()
        #expect(gaveUp, "the prompt kept waiting after the cancellation")
        #expect(ended.withLock { $0 } == "CancellationError")
        await task.value
    }

    /// While a person is asked, the live view draws nothing: the question and its answer stay on
    /// screen, and the tree comes back below them.
    final class PromptOnConsole: Approver {
        let console: ConsoleCapture
        /// What the console received while the question was waiting.
        let drawnWhileAsking = Mutex<String?>(nil)

        init(console: ConsoleCapture) {
            self.console = console
        }

        func ask(_ question: String) async -> Bool? {
            console.sink("\n\(question) [y/N] ")
            let before = console.text.count
            // Several of the live view's redraw periods (100 ms each).
            try? await Task.sleep(nanoseconds: 450_000_000)
            drawnWhileAsking.withLock { $0 = String(console.text.dropFirst(before)) }
            console.sink("y\n")
            return true
        }
    }

    @Test func theLiveViewDoesNotDrawOverThePrompt() async throws {
        let harness = try PipelineHarness()
        try harness.copyQuickstartSupport()
        let file = try harness.write(Programs.gateway(pipeline: Self.pipeline))
        let console = ConsoleCapture()
        let approver = PromptOnConsole(console: console)
        let action = RunAction(
            file: file, statePath: harness.statePath, options: harness.options(reports: false), sink: console.sink, output: .live,
            approver: approver)
        let outcome = await action.run()
        #expect(outcome.exitCode == 0, "\(outcome.message)")
        let drawn = try #require(approver.drawnWhileAsking.withLock { $0 })
        #expect(drawn.isEmpty, "the live view drew \(drawn.debugDescription) over the prompt")
        // The first drawing after the answer starts below it, without moving the cursor back up.
        let text = console.text
        let answer = try #require(text.range(of: "[y/N] y\n"))
        let after = text[answer.upperBound...]
        #expect(!after.hasPrefix("\u{1B}["), "the redraw after the answer rewinds over it: \(after.prefix(20).debugDescription)")
        #expect(after.contains("release"), "the tree was not drawn again")
    }
}
