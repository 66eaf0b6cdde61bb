import Synchronization

/// The answer a prompt waits for, settled once: by the line read, or by a cancellation that may
/// come before the wait has even begun.
final class PendingAnswer: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<String?, any Error>)
        case settled(Result<String?, any Error>)
        case done
    }

    private let state = Mutex<State>(.idle)

    func wait(with continuation: CheckedContinuation<String?, any Error>) {
        let early: Result<String?, any Error>? = state.withLock { state in
            if case .settled(let result) = state {
                state = .done
                return result
            }
            state = .waiting(continuation)
            return nil
        }
        if let early { continuation.resume(with: early) }
    }

    func settle(_ result: Result<String?, any Error>) {
        let waiting: CheckedContinuation<String?, any Error>? = state.withLock { state in
            switch state {
            case .idle:
                state = .settled(result)
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .settled, .done:
                return nil
            }
        }
        waiting?.resume(with: result)
    }
}
