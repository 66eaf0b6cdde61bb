import NIOConcurrencyHelpers
import NIOCore
import Prometheus

/// Counts the requests a gateway served unchecked because its limits store did not answer, and
/// warns about it at most once per interval however many requests fail, so a Redis outage neither
/// loses requests nor floods the log. Shared by every event loop of the gateway.
final class LimitStoreOutageLog: Sendable {
    private struct Tally {
        var unchecked = 0
        var uncheckedAtLastWarning = 0
        var lastWarning: NIODeadline?
    }

    private let tally = NIOLockedValueBox(Tally())
    private let configuration: SharedLimitsConfiguration
    /// `gwpipe_limit_checks_unchecked_total` on `/metrics`.
    private let counter: Counter?

    init(configuration: SharedLimitsConfiguration, counter: Counter?) {
        self.configuration = configuration
        self.counter = counter
    }

    /// Requests served without their limit check so far.
    var uncheckedRequests: Int { tally.withLockedValue { $0.unchecked } }

    /// A request's check failed (`request`) or an after-the-fact charge did (not `request`).
    func note(_ error: any Error, request: Bool, now: NIODeadline = .now()) {
        if request { counter?.increment() }
        let warning: String? = tally.withLockedValue { tally in
            if request { tally.unchecked += 1 }
            if let last = tally.lastWarning, now - last < configuration.warningInterval { return nil }
            let since = tally.unchecked - tally.uncheckedAtLastWarning
            tally.lastWarning = now
            tally.uncheckedAtLastWarning = tally.unchecked
            return "warning: limits store \(configuration.url) is unavailable (\(error)); serving requests without "
                + "shared rate limits (\(since) unchecked since the last warning, \(tally.unchecked) in all)"
        }
        if let warning { configuration.warn(warning) }
    }
}
