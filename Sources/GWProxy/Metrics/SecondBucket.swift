/// One finished second of one series: its counts and its latency and TTFT distributions, compacted.
struct SecondBucket: Sendable {
    var second: Int64
    var counts: RequestCounts
    var latency: SparseHistogram
    var ttft: SparseHistogram
}
