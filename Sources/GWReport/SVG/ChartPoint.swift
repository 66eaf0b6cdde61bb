/// One value at one moment, `t` seconds after the chart's origin.
struct ChartPoint: Sendable, Hashable {
    var t: Double
    var value: Double
}
