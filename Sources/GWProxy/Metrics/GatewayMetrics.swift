import NIOConcurrencyHelpers
import NIOCore
import Prometheus

/// Request metrics of one gateway process, per revision × slot × route × upstream and per flag
/// side: counts, errors, latency and TTFT as HdrHistograms, tokens and cost, in a ring of
/// one-second buckets. Gates ask for windows ("last 10s", "since the step started"), which merge
/// buckets; Prometheus scrapes cumulative series from `/metrics`. Recording takes one lock and
/// allocates only when a second rolls over (compaction) or a series first appears.
public final class GatewayMetrics: Sendable {
    /// Seconds on a clock that never goes back; injectable so tests can move time by hand.
    public typealias Clock = @Sendable () -> Double

    /// Monotonic seconds since boot: wall-clock jumps (NTP) must not scramble the ring.
    public static let monotonicClock: Clock = { Double(NIODeadline.now().uptimeNanoseconds) / 1e9 }

    /// What `/metrics` answers with.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// How much past is kept, in seconds; windows reach back at most this far.
    public let retentionSeconds: Int
    private let clock: Clock
    private let createdAt: Double
    private let registry = PrometheusCollectorRegistry()
    private let store: NIOLockedValueBox<MetricsStore>

    public init(retentionSeconds: Int = 900, clock: @escaping Clock = GatewayMetrics.monotonicClock) {
        self.retentionSeconds = max(1, retentionSeconds)
        self.clock = clock
        self.createdAt = clock()
        self.store = NIOLockedValueBox(MetricsStore(capacity: max(1, retentionSeconds)))
    }

    /// The current time on the metrics clock, for `window(since:)`.
    public func now() -> Double { clock() }

    // MARK: Recording

    public func record(_ sample: RequestSample) {
        store.withLockedValue { store in
            // Read under the lock so seconds reach the store in order.
            let second = Int64(clock().rounded(.down))
            store.record(sample, second: second, registry: registry)
        }
    }

    func record(_ observation: RequestObservation) {
        record(observation.sample())
    }

    // MARK: Windows

    /// The last `seconds` of traffic (the current second included), optionally narrowed to a slot
    /// (`stable`/`canary`), a revision id and a route; nil matches all.
    public func window(
        last seconds: Double, slot: String? = nil, revision: String? = nil, route: String? = nil
    ) -> MetricsSnapshot {
        let now = clock()
        let span = max(1, seconds.rounded(.up))
        return window(from: Int64(now.rounded(.down)) - Int64(span) + 1, now: now) { key in
            GatewayMetrics.matches(key, slot: slot, revision: revision, route: route)
        }
    }

    public func window(
        last duration: Duration, slot: String? = nil, revision: String? = nil, route: String? = nil
    ) -> MetricsSnapshot {
        window(last: GatewayMetrics.seconds(duration), slot: slot, revision: revision, route: route)
    }

    /// Traffic since `start` on the metrics clock (see `now()`), e.g. since a canary step began.
    public func window(
        since start: Double, slot: String? = nil, revision: String? = nil, route: String? = nil
    ) -> MetricsSnapshot {
        window(from: Int64(start.rounded(.down)), now: clock()) { key in
            GatewayMetrics.matches(key, slot: slot, revision: revision, route: route)
        }
    }

    private static func matches(_ key: SeriesKey, slot: String?, revision: String?, route: String?) -> Bool {
        (slot == nil || key.slot == slot) && (revision == nil || key.revision == revision)
            && (route == nil || key.route == route)
    }

    /// Requests on one side of a flag in the last `seconds`: `on` is a flag rollout's `canary.`,
    /// `off` its `stable.`.
    public func flagWindow(flag: String, side: FlagSide, last seconds: Double) -> MetricsSnapshot {
        let now = clock()
        let span = max(1, seconds.rounded(.up))
        return flagWindow(flag: flag, side: side, from: Int64(now.rounded(.down)) - Int64(span) + 1, now: now)
    }

    public func flagWindow(flag: String, side: FlagSide, last duration: Duration) -> MetricsSnapshot {
        flagWindow(flag: flag, side: side, last: GatewayMetrics.seconds(duration))
    }

    public func flagWindow(flag: String, side: FlagSide, since start: Double) -> MetricsSnapshot {
        flagWindow(flag: flag, side: side, from: Int64(start.rounded(.down)), now: clock())
    }

    private func window(from first: Int64, now: Double, matching: (SeriesKey) -> Bool) -> MetricsSnapshot {
        let (seconds, covered) = range(from: first, now: now)
        // Copies of the matching rings share storage with the live ones (copy on write), so the
        // lock is held only to pick them; merging happens outside it, off the hot path.
        let rings = store.withLockedValue { store in
            store.series.compactMap { key, state in matching(key) ? (key.upstream, state.ring) : nil }
        }
        var totals = WindowTotals()
        for (upstream, ring) in rings { ring.collect(seconds, upstream: upstream, into: &totals) }
        return totals.snapshot(windowSeconds: covered)
    }

    private func flagWindow(flag: String, side: FlagSide, from first: Int64, now: Double) -> MetricsSnapshot {
        let (seconds, covered) = range(from: first, now: now)
        let rings = store.withLockedValue { store in
            store.flagSeries.compactMap { key, ring in
                key.flag == flag && key.side == side ? (key.upstream, ring) : nil
            }
        }
        var totals = WindowTotals()
        for (upstream, ring) in rings { ring.collect(seconds, upstream: upstream, into: &totals) }
        return totals.snapshot(windowSeconds: covered)
    }

    /// The seconds to merge (no further back than the retention) and how long they really cover:
    /// the current second only counts as far as it has gone, and nothing before the metrics existed.
    private func range(from first: Int64, now: Double) -> (ClosedRange<Int64>, Double) {
        let current = Int64(now.rounded(.down))
        let oldest = current - Int64(retentionSeconds) + 1
        let from = min(max(first, oldest), current)
        let covered = now - max(Double(from), createdAt)
        return (from...current, max(covered, 0.001))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    // MARK: Prometheus

    /// A counter of the gateway itself beside the request series on `/metrics` (e.g. requests
    /// served without their limit check).
    func makeCounter(_ descriptor: MetricNameDescriptor, labels: [(String, String)] = []) -> Counter {
        labels.isEmpty ? registry.makeCounter(descriptor: descriptor) : registry.makeCounter(descriptor: descriptor, labels: labels)
    }

    /// A gauge of the gateway itself beside the request series (e.g. open upstream connections).
    func makeGauge(_ descriptor: MetricNameDescriptor, labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: descriptor, labels: labels)
    }

    /// Takes instruments made by `makeCounter` / `makeGauge` off `/metrics` (what they counted is gone).
    func unregister(counters: [Counter] = [], gauges: [Gauge] = []) {
        for counter in counters { registry.unregisterCounter(counter) }
        for gauge in gauges { registry.unregisterGauge(gauge) }
    }

    /// The cumulative series in the Prometheus text format. Labels are revision ids, slots, route
    /// and provider names; keys, key teams and request contents never become labels.
    public func prometheusExposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
