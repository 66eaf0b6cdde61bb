/// One SVG chart of a metric over a strategy's time: a line per series, the canary weight as a
/// stepped band on the right-hand axis, dashed lines where the weight changed, a red line where
/// traffic was rolled back, and gate evaluations as ticks on the floor.
struct LineChart: Sendable {
    var title: String
    /// Written after tick values and in the axis title: `%`, `ms`.
    var unit: String
    var series: [ChartSeries]
    var weights: [WeightStep]
    /// The right-hand axis's title: `canary weight (%)`, `flag share (%)`.
    var weightTitle: String
    var markers: [ChartMarker]
    var ticks: [GateTick]
    /// Seconds from the origin the time axis spans; at least 1.
    var span: Double

    static let width = 760.0
    static let height = 260.0
    private static let left = 60.0
    private static let right = 52.0
    static let top = 30.0
    private static let bottom = 48.0
    private static var plotRight: Double { width - right }
    static var plotBottom: Double { height - bottom }

    func svg() -> String {
        let values = series.flatMap { $0.points.map(\.value) }.filter(\.isFinite)
        let axis = AxisTicks.values(upTo: max(0, values.max() ?? 0))
        let x = LinearScale(lower: 0, upper: max(1, span), start: Self.left, end: Self.plotRight)
        let y = LinearScale(lower: 0, upper: axis.upper, start: Self.plotBottom, end: Self.top)
        let weight = LinearScale(lower: 0, upper: 100, start: Self.plotBottom, end: Self.top)

        var canvas = SVGCanvas()
        canvas.rect(
            x: Self.left, y: Self.top, width: Self.plotRight - Self.left, height: Self.plotBottom - Self.top,
            class: "plot")
        drawWeightBand(on: &canvas, x: x, weight: weight)
        drawValueAxis(axis.ticks, on: &canvas, y: y)
        drawTimeAxis(on: &canvas, x: x)
        drawMarkers(on: &canvas, x: x, kind: .weightChange)
        for line in series { draw(line, on: &canvas, x: x, y: y) }
        drawMarkers(on: &canvas, x: x, kind: .rollback)
        drawTicks(on: &canvas, x: x)
        canvas.text(title, x: Self.left, y: 16, class: "chart-title")
        if !weights.isEmpty {
            canvas.text(weightTitle, x: Self.width - 4, y: 16, anchor: "end", class: "axis-title weight-label")
        }

        let label = MarkupEscaping.attribute("\(title) over time")
        let size = "\(SVGCanvas.number(Self.width)) \(SVGCanvas.number(Self.height))"
        return "<svg class=\"chart\" viewBox=\"0 0 \(size)\" role=\"img\" aria-label=\"\(label)\">\n"
            + "<title>\(MarkupEscaping.text(title))</title>\n" + canvas.body + "</svg>\n"
    }

    private func drawValueAxis(_ ticks: [Double], on canvas: inout SVGCanvas, y: LinearScale) {
        let decimals = AxisTicks.decimals(for: ticks)
        for tick in ticks {
            let py = y(tick)
            canvas.line(x1: Self.left, y1: py, x2: Self.plotRight, y2: py, class: tick == 0 ? "axis" : "grid")
            canvas.text(
                "\(ReportFormat.fixed(tick, decimals: decimals))\(unit == "%" ? "%" : "")", x: Self.left - 6,
                y: py + 4, anchor: "end", class: "tick-label")
        }
        if unit != "%" {
            canvas.text(unit, x: Self.left - 6, y: Self.top - 8, anchor: "end", class: "axis-title")
        }
    }

    private func drawTimeAxis(on canvas: inout SVGCanvas, x: LinearScale) {
        for tick in AxisTicks.time(span: x.upper) {
            let px = x(tick)
            if tick > 0 { canvas.line(x1: px, y1: Self.top, x2: px, y2: Self.plotBottom, class: "grid") }
            canvas.text(
                ReportFormat.offset(tick), x: px, y: Self.plotBottom + 24, anchor: "middle", class: "tick-label")
        }
        canvas.text(
            "time since the step started", x: (Self.left + Self.plotRight) / 2, y: Self.height - 6, anchor: "middle",
            class: "axis-title")
    }

    private func drawWeightBand(on canvas: inout SVGCanvas, x: LinearScale, weight: LinearScale) {
        guard let first = weights.first else { return }
        // A step holds its weight until the next one starts; the last holds to the end of the axis.
        var outline: [(x: Double, y: Double)] = [(x(first.t), weight(first.percent))]
        for (index, step) in weights.enumerated() {
            let until = index + 1 < weights.count ? weights[index + 1].t : x.upper
            outline.append((x(step.t), weight(step.percent)))
            outline.append((x(until), weight(step.percent)))
        }
        let floor = [(x: x(x.upper), y: Self.plotBottom), (x: x(first.t), y: Self.plotBottom)]
        canvas.path(outline + floor, closed: true, class: "weight-band")
        canvas.path(outline, closed: false, class: "weight-line")
        for tick in [0.0, 50, 100] {
            canvas.text(
                "\(Int(tick))%", x: Self.plotRight + 6, y: weight(tick) + 4, anchor: "start",
                class: "tick-label weight-label")
        }
    }

    private func drawMarkers(on canvas: inout SVGCanvas, x: LinearScale, kind: ChartMarker.Kind) {
        var lastLabelX = -Double.infinity
        for marker in markers where marker.kind == kind {
            let px = x(marker.t)
            canvas.line(
                x1: px, y1: Self.top, x2: px, y2: Self.plotBottom, class: "marker \(kind.rawValue)",
                title: marker.detail)
            // Labels closer than this would overlap; the line and its hover text still tell.
            guard px - lastLabelX >= 30 || kind == .rollback else { continue }
            lastLabelX = px
            let nearRight = px > Self.plotRight - 60
            canvas.text(
                marker.label, x: nearRight ? px - 3 : px + 3, y: kind == .rollback ? Self.top + 12 : Self.top - 4,
                anchor: nearRight ? "end" : "start", class: "marker-label \(kind.rawValue)")
        }
    }

    private func draw(_ line: ChartSeries, on canvas: inout SVGCanvas, x: LinearScale, y: LinearScale) {
        for segment in line.segments {
            let points = segment.filter { $0.t.isFinite && $0.value.isFinite }.map { (x: x($0.t), y: y($0.value)) }
            if points.count == 1, let point = points.first {
                canvas.circle(x: point.x, y: point.y, radius: 3, class: "dot \(line.style)", title: line.label)
            } else if points.count > 1 {
                canvas.polyline(points, class: "series \(line.style)", title: line.label)
            }
        }
    }

    /// Gate ticks sit in a strip under the time axis, where no line can hide them.
    private func drawTicks(on canvas: inout SVGCanvas, x: LinearScale) {
        for tick in ticks {
            canvas.rect(
                x: x(tick.t) - 1.5, y: Self.plotBottom + 2, width: 3, height: 9, class: "gate-tick \(tick.verdict)",
                title: tick.detail)
        }
    }
}
