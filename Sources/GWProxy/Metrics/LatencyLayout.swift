import Histogram

/// The one HdrHistogram layout every latency and TTFT histogram uses (1 µs to 60 s, 3 significant
/// digits), so that any two of them merge bin for bin.
enum LatencyLayout {
    static let highestMicros: UInt64 = 60_000_000

    /// For the current second: 32-bit counts halve the footprint (≈70 KB) and one second never
    /// holds 4 billion requests in one bin.
    static func liveHistogram() -> Histogram<UInt32> {
        Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: highestMicros, numberOfSignificantValueDigits: .three)
    }

    /// For answering a window: 64-bit counts, since a window may span many seconds.
    static func windowHistogram() -> Histogram<UInt64> {
        Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: highestMicros, numberOfSignificantValueDigits: .three)
    }

    /// Slower answers are kept at the top of the range rather than dropped, so they still count in p99.
    static func clamp(_ micros: UInt64) -> UInt64 { min(micros, highestMicros) }
}
