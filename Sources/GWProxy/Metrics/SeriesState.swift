import Prometheus

/// One series' ring and its Prometheus instruments, kept together so a request hashes its labels once.
struct SeriesState: Sendable {
    private(set) var ring: SecondRing
    private(set) var instruments: SeriesInstruments

    init(_ key: SeriesKey, capacity: Int, second: Int64, registry: PrometheusCollectorRegistry) {
        ring = SecondRing(capacity: capacity, second: second)
        instruments = SeriesInstruments(key, registry: registry)
    }

    mutating func record(_ sample: RequestSample, second: Int64, registry: PrometheusCollectorRegistry) {
        ring.record(sample, second: second)
        instruments.record(sample, registry: registry)
    }
}
