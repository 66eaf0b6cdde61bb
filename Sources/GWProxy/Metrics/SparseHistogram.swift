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

    init(_ dense: Histogram<UInt32>) {
        guard dense.totalCount > 0 else { return }
        for bin in dense.recordedValues() {
            values.append(UInt32(truncatingIfNeeded: bin.value))
            counts.append(bin.count)
        }
    }

    var isEmpty: Bool { values.isEmpty }

    func add(to dense: inout Histogram<UInt64>) {
        for index in values.indices {
            dense.record(UInt64(values[index]), count: UInt64(counts[index]))
        }
    }
}
