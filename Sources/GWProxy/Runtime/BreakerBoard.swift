import Atomics
import NIOConcurrencyHelpers

/// Per-provider circuit breakers: a provider that failed `failures` times within `window` is
/// skipped for `openFor`, so a dead upstream costs callers nothing but a fallback.
final class BreakerBoard: Sendable {
    private struct Breaker {
        var failures: [Double] = []
        var openUntil: Double = 0
    }

    private let breakers = NIOLockedValueBox<[String: Breaker]>([:])
    /// How many breakers have failures noted or were opened, kept equal to the dictionary's size.
    /// Every request checks its provider and reports its outcome, on every core; while all is well
    /// (none tracked) both are one read of this instead of the lock and a hash of the name.
    private let tracked = ManagedAtomic(0)

    func isOpen(_ provider: String, now: Double) -> Bool {
        guard tracked.load(ordering: .relaxed) > 0 else { return false }
        return breakers.withLockedValue { breakers in
            guard let breaker = breakers[provider] else { return false }
            if breaker.openUntil > now { return true }
            if breaker.failures.isEmpty {
                // Its open spell is over and nothing failed since: no longer tracked.
                breakers[provider] = nil
                tracked.store(breakers.count, ordering: .relaxed)
            }
            return false
        }
    }

    func recordFailure(_ provider: String, now: Double, threshold: Int, windowSeconds: Double, openSeconds: Double) {
        breakers.withLockedValue { breakers in
            var breaker = breakers[provider] ?? Breaker()
            breaker.failures = breaker.failures.filter { $0 > now - windowSeconds } + [now]
            if breaker.failures.count >= threshold {
                breaker.openUntil = now + openSeconds
                breaker.failures = []
            }
            breakers[provider] = breaker
            tracked.store(breakers.count, ordering: .relaxed)
        }
    }

    func recordSuccess(_ provider: String) {
        guard tracked.load(ordering: .relaxed) > 0 else { return }
        breakers.withLockedValue { breakers in
            guard let breaker = breakers[provider] else { return }
            if breaker.openUntil == 0 {
                breakers[provider] = nil  // failures forgiven, never opened: nothing left to track
                tracked.store(breakers.count, ordering: .relaxed)
            } else {
                breakers[provider]?.failures = []
            }
        }
    }
}
