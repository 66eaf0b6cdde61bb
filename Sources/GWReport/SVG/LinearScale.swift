/// Maps a domain of values onto a span of pixels. The domain is never empty, so nothing divides
/// by zero and every coordinate a chart writes is finite.
struct LinearScale: Sendable {
    let lower: Double
    let upper: Double
    /// Pixel of `lower` and of `upper`; `end < start` for a y axis, whose values grow upwards.
    let start: Double
    let end: Double

    init(lower: Double, upper: Double, start: Double, end: Double) {
        let lower = lower.isFinite ? lower : 0
        let upper = upper.isFinite ? upper : lower + 1
        self.lower = lower
        self.upper = upper > lower ? upper : lower + 1
        self.start = start
        self.end = end
    }

    /// The pixel of `value`, clamped to the scale's span, so a stray value stays inside the plot.
    func callAsFunction(_ value: Double) -> Double {
        guard value.isFinite else { return start }
        let fraction = (value - lower) / (upper - lower)
        return start + (end - start) * min(1, max(0, fraction))
    }

    func contains(_ value: Double) -> Bool {
        value >= lower && value <= upper
    }
}
