import Histogram

/// A finished second's HdrHistogram reduced to its non-empty bins. A dense histogram of this layout
/// is ≈70 KB whatever it holds, so 900 of them per series would not fit; the bins a second actually
/// used are usually a few dozen. Replaying the bins into a dense histogram of the same layout gives
/// back exactly the same percentiles.
struct SparseHistogram: Sendable {
    /// The highest value equivalent to each non-empty bin, in microseconds (maps back to the same bin).
    private(set) var values: [UInt32] = []
    private(set) var counts: [UInt32] = []

    init() {}

    /// The same bins, read only between `lowest` and `highest` (what the second recorded, at least):
    /// stepping bin by bin over that range costs a fraction of the histogram's own iterator, which
    /// walks from the first bin and, under the metrics lock, stalled every request once a second.
    init(_ dense: Histogram<UInt32>, recordedBetween lowest: UInt64, and highest: UInt64) {
        guard dense.totalCount > 0, lowest <= highest else { return }
        var value = dense.lowestEquivalentForValue(lowest)
        while value <= highest {
            let top = dense.highestEquivalentForValue(value)
            let count = dense.countForValue(value)
            if count > 0 {
                values.append(UInt32(truncatingIfNeeded: top))
                counts.append(count)
            }
            value = top + 1
        }
    }

    var isEmpty: Bool { values.isEmpty }

    func add(to dense: inout Histogram<UInt64>) {
        for index in values.indices {
            dense.record(UInt64(values[index]), count: UInt64(counts[index]))
        }
    }
}
