import Foundation
import NIOConcurrencyHelpers

/// Suspends until SIGINT or SIGTERM, so servers shut down cleanly from Ctrl-C or a supervisor.
enum SignalWaiter {
    static func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = ResumeOnce(continuation)
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { resumed.resume() }
                source.resume()
                Retained.sources.withLockedValue { $0.append(source) }
            }
        }
    }

    /// Resumes a continuation at most once, whichever signal comes first.
    private final class ResumeOnce: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Void, Never>?

        init(_ continuation: CheckedContinuation<Void, Never>) {
            self.continuation = continuation
        }

        func resume() {
            lock.lock()
            let pending = continuation
            continuation = nil
            lock.unlock()
            pending?.resume()
        }
    }

    /// Signal sources must outlive the wait; several waits may start at once (in-process
    /// commands side by side), hence the lock.
    private enum Retained {
        nonisolated(unsafe) static let sources = NIOLockedValueBox<[any DispatchSourceSignal]>([])
    }
}
