import Foundation
import GWPipeline

/// Asks y/N on the terminal (standard error for the question, standard input for the answer).
struct TerminalApprover: Approver {
    func ask(_ question: String) async -> Bool? {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        FileHandle.standardError.write(Data("\n\(question) [y/N] ".utf8))
        // readLine blocks; keep it off the cooperative pool.
        let answer = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            Thread.detachNewThread { continuation.resume(returning: readLine()) }
        }
        guard let answer else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
