import Histogram

/// The second a series is recording into: dense HdrHistograms, so recording is a couple of array
/// increments and never allocates. Compacted into a `SecondBucket` when the clock moves on.
struct LiveSecond: Sendable {
    private(set) var second: Int64
    private(set) var counts = RequestCounts()
    private(set) var latency = LatencyLayout.liveHistogram()
    private(set) var ttft = LatencyLayout.liveHistogram()

    init(second: Int64) {
        self.second = second
    }

    mutating func record(_ sample: RequestSample) {
        counts.count(sample)
        if let micros = sample.latencyMicros { latency.record(LatencyLayout.clamp(micros)) }
        if let micros = sample.ttftMicros { ttft.record(LatencyLayout.clamp(micros)) }
    }

    func compacted() -> SecondBucket {
        SecondBucket(second: second, counts: counts, latency: SparseHistogram(latency), ttft: SparseHistogram(ttft))
    }

    /// Starts `second` afresh, keeping the histograms' storage for reuse.
    mutating func restart(at second: Int64) {
        self.second = second
        counts = RequestCounts()
        if latency.totalCount > 0 { latency.reset() }
        if ttft.totalCount > 0 { ttft.reset() }
    }
}
