/// One line of a chart: a slot serving one revision. Seconds without traffic break the line
/// (a 0 there would be a measurement nobody made), so a series is a list of connected runs.
struct ChartSeries: Sendable {
    var label: String
    /// The CSS class that colours it (`stable-0`, `canary-0`, ...), shared with its legend swatch.
    var style: String
    var segments: [[ChartPoint]]

    var points: [ChartPoint] { segments.flatMap { $0 } }
}
