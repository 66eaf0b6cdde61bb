/// A vertical line across a chart at a moment worth seeing: the canary weight changed (a step
/// boundary), or traffic was rolled back.
struct ChartMarker: Sendable, Hashable {
    enum Kind: String, Sendable {
        case weightChange = "weight-change"
        case rollback
    }

    var t: Double
    var kind: Kind
    /// Written at the top of the line: `5%`, `rollback`.
    var label: String
    /// Shown on hover and read by screen readers.
    var detail: String
}
