import Histogram

/// Percentiles of one latency distribution, in milliseconds, as a report carries them.
public struct LatencySummary: Codable, Sendable, Equatable {
    public var count: Int
    public var meanMs: Double
    public var p50Ms: Double
    public var p90Ms: Double
    public var p99Ms: Double
    public var p999Ms: Double
    public var maxMs: Double

    public init(count: Int, meanMs: Double, p50Ms: Double, p90Ms: Double, p99Ms: Double, p999Ms: Double, maxMs: Double)
    {
        self.count = count
        self.meanMs = meanMs
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.p999Ms = p999Ms
        self.maxMs = maxMs
    }

    /// Reads a histogram of microseconds; an empty one gives zeros.
    init(microseconds histogram: Histogram<UInt64>) {
        guard histogram.totalCount > 0 else {
            self.init(count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0)
            return
        }
        func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        self.init(
            count: Int(histogram.totalCount), meanMs: histogram.mean / 1000,
            p50Ms: ms(histogram.valueAtPercentile(50)), p90Ms: ms(histogram.valueAtPercentile(90)),
            p99Ms: ms(histogram.valueAtPercentile(99)), p999Ms: ms(histogram.valueAtPercentile(99.9)),
            maxMs: ms(histogram.max))
    }
}
