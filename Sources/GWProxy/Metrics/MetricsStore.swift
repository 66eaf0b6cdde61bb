import Prometheus

/// Everything `GatewayMetrics` keeps behind its lock: a ring per series and per flag side, and the
/// Prometheus instruments of each series.
struct MetricsStore: Sendable {
    /// How often series idle for longer than the retention are dropped.
    static let pruneEverySeconds: Int64 = 60

    let capacity: Int
    private(set) var series: [SeriesKey: SeriesState] = [:]
    private(set) var flagSeries: [FlagSeriesKey: SecondRing] = [:]
    private var lastPrune: Int64?

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func record(_ sample: RequestSample, second: Int64, registry: PrometheusCollectorRegistry) {
        let key = SeriesKey(
            revision: sample.revision, slot: sample.slot, route: sample.route, upstream: sample.upstream)
        // Modified in place through the default subscript: one hash of the labels per request.
        series[key, default: SeriesState(key, capacity: capacity, second: second, registry: registry)]
            .record(sample, second: second, registry: registry)
        for flag in sample.flags {
            let flagKey = FlagSeriesKey(flag: flag.name, side: flag.on ? .on : .off, upstream: sample.upstream)
            flagSeries[flagKey, default: SecondRing(capacity: capacity, second: second)].record(sample, second: second)
        }
        if let lastPrune {
            if second - lastPrune >= MetricsStore.pruneEverySeconds { prune(now: second, registry: registry) }
        } else {
            lastPrune = second
        }
    }

    /// Drops series with nothing in the ring any more (revisions long gone), Prometheus series included,
    /// so memory follows the live revisions rather than every revision ever served.
    private mutating func prune(now: Int64, registry: PrometheusCollectorRegistry) {
        lastPrune = now
        let oldest = now - Int64(capacity)
        for (key, state) in series where state.ring.lastSecond < oldest {
            series[key] = nil
            state.instruments.unregister(from: registry)
        }
        for (key, ring) in flagSeries where ring.lastSecond < oldest {
            flagSeries[key] = nil
        }
    }
}
