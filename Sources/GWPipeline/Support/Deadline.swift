import NIOConcurrencyHelpers

/// Runs work in a task of its own and waits for it at most a given time: after that the caller goes
/// on (with `Deadline.Exceeded`) even when the work never returns, as a hung admin API would not.
/// The work is not cancelled by the caller's cancellation: a Ctrl-C must not cut short a call that
/// takes traffic back.
enum Deadline {
    struct Exceeded: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "no answer within \(Short.duration(seconds * 1000))" }
    }

    static func run<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let settled = NIOLockedValueBox(false)
        let claim: @Sendable () -> Bool = {
            settled.withLockedValue { done in
                defer { done = true }
                return !done
            }
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let timer = Task.detached {
                try? await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                if !Task.isCancelled, claim() { continuation.resume(throwing: Exceeded(seconds: seconds)) }
            }
            Task.detached {
                do {
                    let value = try await work()
                    if claim() { continuation.resume(returning: value) }
                } catch {
                    if claim() { continuation.resume(throwing: error) }
                }
                timer.cancel()
            }
        }
    }
}
