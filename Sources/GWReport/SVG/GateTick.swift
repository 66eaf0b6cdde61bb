/// A gate evaluation drawn as a short tick on a chart's floor, coloured by its verdict.
struct GateTick: Sendable, Hashable {
    var t: Double
    /// `pass`, `fail` or `inconclusive`: the CSS class that colours it.
    var verdict: String
    /// Shown on hover: the expression, verdict and observed values.
    var detail: String
}
