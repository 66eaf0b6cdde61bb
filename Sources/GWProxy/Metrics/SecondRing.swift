/// The recent past of one series as a ring of one-second buckets, so any window ("last 10s",
/// "since the step started") is answered by merging at most `capacity` buckets, never by scanning
/// requests. A slot is reused when its second falls out of the ring, which is how old data expires.
struct SecondRing: Sendable {
    private var buckets: [SecondBucket?]
    private(set) var live: LiveSecond

    init(capacity: Int, second: Int64) {
        buckets = Array(repeating: nil, count: max(1, capacity))
        live = LiveSecond(second: second)
    }

    /// The last second this series recorded into.
    var lastSecond: Int64 { live.second }

    mutating func record(_ sample: RequestSample, second: Int64) {
        // A clock that steps back (an injected one) must not reopen a compacted second: the sample
        // joins the live second, which is within the ring's resolution.
        if second > live.second { roll(to: second) }
        live.record(sample)
    }

    private mutating func roll(to second: Int64) {
        if !live.counts.isEmpty {
            buckets[slot(live.second)] = live.compacted()
        }
        live.restart(at: second)
    }

    private func slot(_ second: Int64) -> Int {
        let capacity = Int64(buckets.count)
        return Int(((second % capacity) + capacity) % capacity)
    }

    /// Adds every bucket whose second is in `seconds` to `totals`. Walks the whole ring rather than
    /// the range so a window longer than the ring, or a series idle for a while, costs the same.
    func collect(_ seconds: ClosedRange<Int64>, upstream: String, into totals: inout WindowTotals) {
        for case let bucket? in buckets where seconds.contains(bucket.second) {
            totals.add(bucket, upstream: upstream)
        }
        if seconds.contains(live.second), !live.counts.isEmpty {
            totals.add(live, upstream: upstream)
        }
    }
}
