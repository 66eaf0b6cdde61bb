import Prometheus

/// The Prometheus series of one (revision, slot, route, upstream), registered on first use and
/// kept, so the hot path increments them directly instead of looking labels up in the registry.
///
/// swift-prometheus fits here: every series is labelled per revision, the registry escapes label
/// values, and series of revisions gone for longer than the retention are unregistered.
struct SeriesInstruments: Sendable {
    // Computed rather than stored: the descriptor type is not Sendable. Read only when a series is registered.
    static var requests: MetricNameDescriptor {
        descriptor("requests", "total", "Requests answered, by the status class of the answer.")
    }
    static var errors: MetricNameDescriptor {
        descriptor(
            "errors", "total",
            "Requests that ended in an error: 5xx from the upstream or the gateway, timeouts, streams cut short.")
    }
    static var tokens: MetricNameDescriptor {
        descriptor("tokens", "total", "Tokens reported in responses' usage.")
    }
    static var cost: MetricNameDescriptor {
        descriptor("estimated_cost", "total", "Estimated cost: tokens / 1000 times the provider's cost_per_1k_tokens.")
    }
    static var duration: MetricNameDescriptor {
        descriptor("request_duration", "seconds", "Time from request to the end of the answer; forwarded requests.")
    }
    static var ttft: MetricNameDescriptor {
        descriptor("ttft", "seconds", "Time to the first body byte from the upstream (the first chunk of a stream).")
    }

    private static func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gwpipe", metricName: name, unitName: unit, helpText: help)
    }

    /// From a fast cached answer to a long generation; the top buckets catch hung upstreams near
    /// the usual 60 s timeouts.
    static let durationBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120]
    /// First tokens usually arrive within a second; finer steps there.
    static let ttftBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30]

    private static let statusClasses = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"]

    private let labels: [(String, String)]
    /// By status class, indexed as `statusClasses`; registered when a class first occurs.
    private var requestCounters: [Counter?] = Array(repeating: nil, count: 6)
    private let errorCounter: Counter
    private let tokenCounter: Counter
    private let costCounter: Counter
    private let durationHistogram: ValueHistogram
    private let ttftHistogram: ValueHistogram

    init(_ key: SeriesKey, registry: PrometheusCollectorRegistry) {
        labels = [("revision", key.revision), ("slot", key.slot), ("route", key.route), ("upstream", key.upstream)]
        errorCounter = registry.makeCounter(descriptor: SeriesInstruments.errors, labels: labels)
        tokenCounter = registry.makeCounter(descriptor: SeriesInstruments.tokens, labels: labels)
        costCounter = registry.makeCounter(descriptor: SeriesInstruments.cost, labels: labels)
        durationHistogram = registry.makeValueHistogram(
            descriptor: SeriesInstruments.duration, labels: labels, buckets: SeriesInstruments.durationBuckets)
        ttftHistogram = registry.makeValueHistogram(
            descriptor: SeriesInstruments.ttft, labels: labels, buckets: SeriesInstruments.ttftBuckets)
    }

    mutating func record(_ sample: RequestSample, registry: PrometheusCollectorRegistry) {
        let classIndex = (100..<600).contains(sample.status) ? sample.status / 100 : 0
        if requestCounters[classIndex] == nil {
            let statusClass = ("status_class", SeriesInstruments.statusClasses[classIndex])
            requestCounters[classIndex] = registry.makeCounter(
                descriptor: SeriesInstruments.requests, labels: labels + [statusClass])
        }
        requestCounters[classIndex]!.increment()
        if sample.isError { errorCounter.increment() }
        if sample.tokens > 0 { tokenCounter.increment(by: Int64(sample.tokens)) }
        if sample.cost > 0 { costCounter.increment(by: sample.cost) }
        if let micros = sample.latencyMicros { durationHistogram.record(Double(micros) / 1_000_000) }
        if let micros = sample.ttftMicros { ttftHistogram.record(Double(micros) / 1_000_000) }
    }

    func unregister(from registry: PrometheusCollectorRegistry) {
        for counter in requestCounters.compactMap({ $0 }) { registry.unregisterCounter(counter) }
        registry.unregisterCounter(errorCounter)
        registry.unregisterCounter(tokenCounter)
        registry.unregisterCounter(costCounter)
        registry.unregisterValueHistogram(durationHistogram)
        registry.unregisterValueHistogram(ttftHistogram)
    }
}
