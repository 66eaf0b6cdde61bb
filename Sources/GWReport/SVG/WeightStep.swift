/// The canary's traffic share from `t` on, until the next step: the chart draws the sequence as a
/// stepped band on its right-hand axis (0–100%).
struct WeightStep: Sendable, Hashable {
    var t: Double
    /// Percent, 0–100.
    var percent: Double
}
