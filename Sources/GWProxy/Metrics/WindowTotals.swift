import Histogram

/// Buckets of one window merged together, then turned into a `MetricsSnapshot`.
struct WindowTotals {
    private(set) var counts = RequestCounts()
    private(set) var latency = LatencyLayout.windowHistogram()
    private(set) var ttft = LatencyLayout.windowHistogram()
    /// Per upstream; answers the gateway gave without forwarding have no upstream and are left out.
    private(set) var upstreams: [String: RequestCounts] = [:]

    mutating func add(_ bucket: SecondBucket, upstream: String) {
        add(bucket.counts, upstream: upstream)
        bucket.latency.add(to: &latency)
        bucket.ttft.add(to: &ttft)
    }

    mutating func add(_ live: LiveSecond, upstream: String) {
        add(live.compacted(), upstream: upstream)
    }

    private mutating func add(_ other: RequestCounts, upstream: String) {
        counts.add(other)
        if !upstream.isEmpty { upstreams[upstream, default: RequestCounts()].add(other) }
    }

    func snapshot(windowSeconds: Double) -> MetricsSnapshot {
        func milliseconds(_ histogram: Histogram<UInt64>, _ percentile: Double) -> Double {
            histogram.totalCount == 0 ? 0 : Double(histogram.valueAtPercentile(percentile)) / 1000
        }
        return MetricsSnapshot(
            windowSeconds: windowSeconds, requests: counts.requests, errors: counts.errors,
            clientErrors: counts.clientErrors, errorRate: MetricsSnapshot.percent(counts.errors, of: counts.requests),
            p50Latency: milliseconds(latency, 50), p95Latency: milliseconds(latency, 95),
            p99Latency: milliseconds(latency, 99),
            ttftP50: milliseconds(ttft, 50), ttftP95: milliseconds(ttft, 95), ttftP99: milliseconds(ttft, 99),
            rps: windowSeconds > 0 ? Double(counts.requests) / windowSeconds : 0, tokens: counts.tokens,
            cost: counts.cost,
            upstreamRequests: upstreams.mapValues(\.requests),
            upstreamErrors: upstreams.mapValues { MetricsSnapshot.percent($0.errors, of: $0.requests) })
    }
}
