import GWProxy

extension MetricsSnapshot {
    /// The traffic of several instances as one: counts add up; latency percentiles take the worst
    /// instance's (percentiles cannot be merged exactly, and a gate should see the worst).
    static func combined(_ snapshots: [MetricsSnapshot]) -> MetricsSnapshot {
        guard var total = snapshots.first else {
            return MetricsSnapshot(
                windowSeconds: 0, requests: 0, errors: 0, clientErrors: 0, errorRate: 0, p50Latency: 0, p95Latency: 0,
                p99Latency: 0, ttftP50: 0, ttftP95: 0, ttftP99: 0, rps: 0, tokens: 0, cost: 0, upstreamRequests: [:],
                upstreamErrors: [:])
        }
        guard snapshots.count > 1 else { return total }
        var upstreamErrorCounts = total.upstreamRequests.mapValues(Double.init)
        for (name, requests) in total.upstreamRequests {
            upstreamErrorCounts[name] = Double(requests) * (total.upstreamErrors[name] ?? 0) / 100
        }
        for other in snapshots.dropFirst() {
            total.windowSeconds = max(total.windowSeconds, other.windowSeconds)
            total.requests += other.requests
            total.errors += other.errors
            total.clientErrors += other.clientErrors
            total.p50Latency = max(total.p50Latency, other.p50Latency)
            total.p95Latency = max(total.p95Latency, other.p95Latency)
            total.p99Latency = max(total.p99Latency, other.p99Latency)
            total.ttftP50 = max(total.ttftP50, other.ttftP50)
            total.ttftP95 = max(total.ttftP95, other.ttftP95)
            total.ttftP99 = max(total.ttftP99, other.ttftP99)
            total.rps += other.rps
            total.tokens += other.tokens
            total.cost += other.cost
            for (name, requests) in other.upstreamRequests {
                total.upstreamRequests[name, default: 0] += requests
                upstreamErrorCounts[name, default: 0] += Double(requests) * (other.upstreamErrors[name] ?? 0) / 100
            }
        }
        total.errorRate = total.requests == 0 ? 0 : Double(total.errors) * 100 / Double(total.requests)
        total.upstreamErrors = upstreamErrorCounts.reduce(into: [:]) { result, entry in
            let requests = Double(total.upstreamRequests[entry.key] ?? 0)
            result[entry.key] = requests == 0 ? 0 : entry.value * 100 / requests
        }
        return total
    }
}
