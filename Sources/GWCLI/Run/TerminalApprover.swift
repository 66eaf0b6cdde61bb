import Foundation
import GWPipeline

/// Asks y/N on the terminal (standard error for the question, standard input for the answer).
/// A Ctrl-C while it waits cancels the run as it does anywhere else: the question is abandoned at
/// once (the blocked read is left to the thread that does it) and the run rolls back and exits 130.
struct TerminalApprover: Approver {
    /// Whether there is a person to ask: standard input is a terminal.
    var isTerminal: @Sendable () -> Bool = { isatty(STDIN_FILENO) == 1 }
    var write: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    /// One line of the answer; nil at end of input. Blocks.
    var readAnswer: @Sendable () -> String? = { readLine() }

    func ask(_ question: String) async throws -> Bool? {
        guard isTerminal() else { return nil }
        try Task.checkCancellation()
        write("\n\(question) [y/N] ")
        let pending = PendingAnswer()
        let read = readAnswer
        let answer = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String?, any Error>) in
                pending.wait(with: continuation)
                // readLine blocks; keep it off the cooperative pool.
                Thread.detachNewThread { pending.settle(.success(read())) }
            }
        } onCancel: {
            pending.settle(.failure(CancellationError()))
        }
        guard let answer else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
