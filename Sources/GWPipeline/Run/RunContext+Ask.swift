extension RunContext {
    /// Asks a person (an `approve` step, a rollout paused on a gate) with the live view paused, so
    /// its redraw does not erase the prompt. A Ctrl-C while waiting cancels the run like anywhere
    /// else: `CancellationError`, even from an approver that only returned.
    func ask(_ question: String) async throws -> Bool? {
        try Task.checkCancellation()
        recorder.observer.pauseDrawing()
        defer { recorder.observer.resumeDrawing() }
        let answer = try await approver.ask(question)
        try Task.checkCancellation()
        return answer
    }
}
