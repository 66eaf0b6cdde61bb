import Foundation

/// Where an axis puts its ticks: round numbers (1, 2, 2.5 or 5 times a power of ten) for values,
/// round durations (5 s, 30 s, 1 m, 5 m, ...) for time, a handful of each.
enum AxisTicks {
    /// A round upper bound for values up to `maximum`, with ticks from 0; `[0, 1]` when every value
    /// is 0 or there is none, so a flat line sits on the floor of a readable axis.
    static func values(upTo maximum: Double, count: Int = 5) -> (upper: Double, ticks: [Double]) {
        guard maximum.isFinite, maximum > 0 else { return (1, stride(from: 0, through: 1, by: 0.25).map { $0 }) }
        let step = roundStep(maximum / Double(max(1, count)))
        // The tolerance keeps 0.3 / 0.1 = 3.0000000000000004 from asking for a fourth interval.
        let intervals = max(1, Int((maximum / step - 1e-9).rounded(.up)))
        let ticks = (0...intervals).map { Double($0) * step }
        return (ticks.last ?? maximum, ticks)
    }

    /// The decimals a tick label needs so that neighbours differ: 0 for a step of 5, 1 for 0.5, ...
    static func decimals(for ticks: [Double]) -> Int {
        guard ticks.count > 1 else { return 0 }
        let step = ticks[1] - ticks[0]
        guard step.isFinite, step > 0 else { return 0 }
        for decimals in 0...4 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 { return decimals }
        }
        return 4
    }

    /// Offsets in seconds from 0 through `span`, at most `maximumCount` of them, on a round duration.
    static func time(span: Double, maximumCount: Int = 8) -> [Double] {
        guard span.isFinite, span > 0 else { return [0] }
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200, 86_400]
        let step = steps.first { span / $0 <= Double(maximumCount) } ?? roundStep(span / Double(maximumCount))
        return stride(from: 0, through: span + step * 1e-9, by: step).map { $0 }
    }

    private static func roundStep(_ raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for factor in [1, 2, 2.5, 5, 10] where raw <= factor * magnitude {
            return factor * magnitude
        }
        return 10 * magnitude
    }
}
