import Histogram

/// The second a series is recording into: dense HdrHistograms, so recording is a couple of array
/// increments and never allocates. Compacted into a `SecondBucket` when the clock moves on.
struct LiveSecond: Sendable {
    private(set) var second: Int64
    private(set) var counts = RequestCounts()
    private(set) var latency = LatencyLayout.liveHistogram()
    private(set) var ttft = LatencyLayout.liveHistogram()
    /// The range of values each histogram holds, so compacting reads only that part of it.
    private var latencyRange = (lowest: UInt64.max, highest: UInt64(0))
    private var ttftRange = (lowest: UInt64.max, highest: UInt64(0))

    init(second: Int64) {
        self.second = second
    }

    mutating func record(_ sample: RequestSample) {
        counts.count(sample)
        if let micros = sample.latencyMicros {
            let value = LatencyLayout.clamp(micros)
            latency.record(value)
            latencyRange = (min(latencyRange.lowest, value), max(latencyRange.highest, value))
        }
        if let micros = sample.ttftMicros {
            let value = LatencyLayout.clamp(micros)
            ttft.record(value)
            ttftRange = (min(ttftRange.lowest, value), max(ttftRange.highest, value))
        }
    }

    func compacted() -> SecondBucket {
        SecondBucket(
            second: second, counts: counts,
            latency: SparseHistogram(latency, recordedBetween: latencyRange.lowest, and: latencyRange.highest),
            ttft: SparseHistogram(ttft, recordedBetween: ttftRange.lowest, and: ttftRange.highest))
    }

    /// Starts `second` afresh. A used histogram is replaced by a new one rather than reset: a new
    /// one's zeroed storage costs one fill, where `reset()` stores every count one by one.
    mutating func restart(at second: Int64) {
        self.second = second
        counts = RequestCounts()
        if latency.totalCount > 0 { latency = LatencyLayout.liveHistogram() }
        if ttft.totalCount > 0 { ttft = LatencyLayout.liveHistogram() }
        latencyRange = (UInt64.max, 0)
        ttftRange = (UInt64.max, 0)
    }
}
