/// What happened in one window of traffic, as gates read it: counts, error rate, latency and TTFT
/// percentiles, throughput, tokens and cost. Durations are milliseconds, rates are percent (0–100).
public struct MetricsSnapshot: Codable, Sendable, Equatable {
    /// How many seconds of traffic the window actually covers (less than asked for just after start).
    public var windowSeconds: Double
    public var requests: Int
    /// 5xx answers (upstream or gateway), timeouts and answers cut short.
    public var errors: Int
    /// 4xx answers, kept apart from errors.
    public var clientErrors: Int
    /// errors / requests, in percent; 0 for an empty window (gates call that inconclusive by `requests`).
    public var errorRate: Double
    public var p50Latency: Double
    public var p95Latency: Double
    public var p99Latency: Double
    public var ttftP50: Double
    public var ttftP95: Double
    public var ttftP99: Double
    public var rps: Double
    public var tokens: Int
    public var cost: Double
    /// Requests per upstream that answered.
    public var upstreamRequests: [String: Int]
    /// Error rate per upstream, in percent.
    public var upstreamErrors: [String: Double]

    public init(
        windowSeconds: Double, requests: Int, errors: Int, clientErrors: Int, errorRate: Double, p50Latency: Double,
        p95Latency: Double, p99Latency: Double, ttftP50: Double, ttftP95: Double, ttftP99: Double, rps: Double,
        tokens: Int, cost: Double, upstreamRequests: [String: Int], upstreamErrors: [String: Double]
    ) {
        self.windowSeconds = windowSeconds
        self.requests = requests
        self.errors = errors
        self.clientErrors = clientErrors
        self.errorRate = errorRate
        self.p50Latency = p50Latency
        self.p95Latency = p95Latency
        self.p99Latency = p99Latency
        self.ttftP50 = ttftP50
        self.ttftP95 = ttftP95
        self.ttftP99 = ttftP99
        self.rps = rps
        self.tokens = tokens
        self.cost = cost
        self.upstreamRequests = upstreamRequests
        self.upstreamErrors = upstreamErrors
    }

    /// The value of a metric by its name in the language (`error_rate`, `p99_latency`, `ttft_p95`,
    /// `rps`, `requests`, `tokens`, `cost`, `upstream_errors` with the upstream as `argument`), in this
    /// snapshot's units; nil for a name the language does not define. An upstream with no traffic
    /// in the window has an error rate of 0.
    public func value(of metric: String, argument: String? = nil) -> Double? {
        switch metric {
        case "error_rate": errorRate
        case "p50_latency": p50Latency
        case "p95_latency": p95Latency
        case "p99_latency": p99Latency
        case "ttft_p50": ttftP50
        case "ttft_p95": ttftP95
        case "ttft_p99": ttftP99
        case "rps": rps
        case "requests": Double(requests)
        case "tokens": Double(tokens)
        case "cost": cost
        case "upstream_errors": argument.map { upstreamErrors[$0] ?? 0 }
        default: nil
        }
    }

    static func percent(_ part: Int, of whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) * 100 / Double(whole)
    }
}
