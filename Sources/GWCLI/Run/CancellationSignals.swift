import Foundation

/// Ctrl-C / SIGTERM during `gwpipe run`: the first cancels the run (which rolls back what is in
/// progress and records the run as cancelled); a second exits at once.
final class CancellationSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var sources: [any DispatchSourceSignal] = []

    func install(onFirst: @escaping @Sendable () -> Void) {
        // A closed pipe (`gwpipe run ... | head`) must not kill a run mid-rollout.
        signal(SIGPIPE, SIG_IGN)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.received(signalNumber, onFirst) }
            source.resume()
            sources.append(source)
        }
    }

    /// Only a second Ctrl-C exits at once: CI systems follow their SIGINT with a SIGTERM a few
    /// seconds later, which must not cut short the rollback the first one started.
    private func received(_ signalNumber: Int32, _ onFirst: @Sendable () -> Void) {
        lock.lock()
        count += 1
        let current = count
        lock.unlock()
        if current > 1, signalNumber != SIGINT { return }
        if current == 1 {
            FileHandle.standardError.write(Data("\ncancelling: rolling back what is in progress (Ctrl-C again to exit at once)\n".utf8))
            onFirst()
        } else {
            FileHandle.standardError.write(Data("exiting at once\n".utf8))
            exit(130)
        }
    }
}
