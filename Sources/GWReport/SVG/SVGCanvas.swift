/// Accumulates SVG elements with escaped text and coordinates rounded to a tenth of a pixel;
/// a coordinate that is not finite is written as 0, so no `nan` or `inf` ever reaches the file.
struct SVGCanvas: Sendable {
    private(set) var body = ""

    static func number(_ value: Double) -> String {
        ReportFormat.fixed(value, decimals: 1)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, class style: String, title: String? = nil) {
        let n = Self.number
        element("line", "x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"", style, title)
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, class style: String, title: String? = nil) {
        let n = Self.number
        let size = "width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\""
        element("rect", "x=\"\(n(x))\" y=\"\(n(y))\" \(size)", style, title)
    }

    mutating func circle(x: Double, y: Double, radius: Double, class style: String, title: String? = nil) {
        let n = Self.number
        element("circle", "cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\"", style, title)
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], class style: String, title: String? = nil) {
        let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
        element("polyline", "points=\"\(list)\"", style, title)
    }

    /// A path from absolute move/line commands.
    mutating func path(_ points: [(x: Double, y: Double)], closed: Bool, class style: String, title: String? = nil) {
        guard let first = points.first else { return }
        var data = "M\(Self.number(first.x)) \(Self.number(first.y))"
        for point in points.dropFirst() { data += " L\(Self.number(point.x)) \(Self.number(point.y))" }
        if closed { data += " Z" }
        element("path", "d=\"\(data)\"", style, title)
    }

    /// Text anchored at `x`: `start`, `middle` or `end`.
    mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", class style: String) {
        let n = Self.number
        let attributes =
            "x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" class=\"\(MarkupEscaping.attribute(style))\""
        body += "<text \(attributes)>\(MarkupEscaping.text(content))</text>\n"
    }

    mutating func raw(_ markup: String) {
        body += markup
    }

    private mutating func element(_ name: String, _ attributes: String, _ style: String, _ title: String?) {
        let open = "<\(name) \(attributes) class=\"\(MarkupEscaping.attribute(style))\""
        if let title {
            body += "\(open)><title>\(MarkupEscaping.text(title))</title></\(name)>\n"
        } else {
            body += "\(open)/>\n"
        }
    }
}
