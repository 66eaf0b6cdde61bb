import NIOConcurrencyHelpers

/// Per-provider circuit breakers: a provider that failed `failures` times within `window` is
/// skipped for `openFor`, so a dead upstream costs callers nothing but a fallback.
final class BreakerBoard: Sendable {
    private struct Breaker {
        var failures: [Double] = []
        var openUntil: Double = 0
    }

    private let breakers = NIOLockedValueBox<[String: Breaker]>([:])

    func isOpen(_ provider: String, now: Double) -> Bool {
        breakers.withLockedValue { ($0[provider]?.openUntil ?? 0) > now }
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
        }
    }

    func recordSuccess(_ provider: String) {
        breakers.withLockedValue { breakers in
            if breakers[provider] != nil { breakers[provider]?.failures = [] }
        }
    }
}
