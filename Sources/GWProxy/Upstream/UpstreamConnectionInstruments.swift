import Prometheus

/// What `/metrics` shows of one upstream's connection budget (`max_connections`): connections
/// open, requests waiting for one now, and how many requests have had to wait. Labelled by the
/// provider and its upstream's scheme, host and port (never a path, key or credential), and the
/// digest of its `ca_file` certificates when it has one.
struct UpstreamConnectionInstruments: Sendable {
    let open: Gauge
    let waiting: Gauge
    let waits: Counter

    init(metrics: GatewayMetrics, target: UpstreamTarget) {
        let labels = [("provider", target.providerName), ("upstream", target.connectionsLabel)]
        open = metrics.makeGauge(
            MetricNameDescriptor(
                namespace: "gwpipe", metricName: "upstream_connections", unitName: "open",
                helpText: "Connections open to an upstream, idle or busy (at most its max_connections)."),
            labels: labels)
        waiting = metrics.makeGauge(
            MetricNameDescriptor(
                namespace: "gwpipe", metricName: "upstream_requests", unitName: "waiting",
                helpText: "Requests waiting for room under an upstream's max_connections."),
            labels: labels)
        waits = metrics.makeCounter(
            MetricNameDescriptor(
                namespace: "gwpipe", metricName: "upstream_connection_waits", unitName: "total",
                helpText: "Requests that found an upstream at its max_connections and waited."),
            labels: labels)
    }

    /// Takes the three series off `/metrics`: no live revision uses the upstream any more.
    func unregister(from metrics: GatewayMetrics) {
        metrics.unregister(counters: [waits], gauges: [open, waiting])
    }

    func show(open: Int, waiting: Int) {
        self.open.set(Int64(open))
        self.waiting.set(Int64(waiting))
    }
}
