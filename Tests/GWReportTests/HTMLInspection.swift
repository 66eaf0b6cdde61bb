import Foundation
import XCTest

/// Checks on a rendered HTML report that need no browser: its SVG charts are well-formed XML with
/// finite coordinates, and the page loads nothing from anywhere.
enum HTMLInspection {
    /// Each `<svg>...</svg>` of the page, parsed.
    static func charts(in html: String, file: StaticString = #filePath, line: UInt = #line) -> [XMLTree.Node] {
        var charts: [XMLTree.Node] = []
        var rest = html[...]
        while let open = rest.range(of: "<svg") {
            guard let close = rest.range(of: "</svg>", range: open.upperBound..<rest.endIndex) else {
                XCTFail("an <svg> is never closed", file: file, line: line)
                break
            }
            if let tree = XMLTree(String(rest[open.lowerBound..<close.upperBound]), file: file, line: line) {
                charts.append(tree.root)
            }
            rest = rest[close.upperBound...]
        }
        return charts
    }

    private static let numericAttributes: Set<String> = [
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height",
    ]

    /// Every coordinate in the chart, from numeric attributes, polyline points and path data.
    static func coordinates(in chart: XMLTree.Node) -> [String] {
        var values: [String] = []
        func visit(_ node: XMLTree.Node) {
            for (name, value) in node.attributes {
                if numericAttributes.contains(name) { values.append(value) }
                if name == "points" {
                    values += value.split { $0 == " " || $0 == "," }.map(String.init)
                }
                if name == "d" {
                    values += value.split { " MLZ".contains($0) }.map(String.init)
                }
            }
            node.children.forEach(visit)
        }
        visit(chart)
        return values
    }

    static func assertFiniteCoordinates(in chart: XMLTree.Node, file: StaticString = #filePath, line: UInt = #line) {
        let values = coordinates(in: chart)
        XCTAssertFalse(values.isEmpty, file: file, line: line)
        let bad = values.filter { Double($0).map { !$0.isFinite } ?? true }
        XCTAssertEqual(bad, [], "coordinates that are not finite numbers", file: file, line: line)
    }

    /// The `(x, y)` pairs of a polyline.
    static func points(of polyline: XMLTree.Node) -> [(x: Double, y: Double)] {
        (polyline.attributes["points"] ?? "").split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: ",").compactMap { Double(String($0)) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    /// Elements of `name` whose class list holds every class in `classes`.
    static func elements(_ name: String, in node: XMLTree.Node, classes: String...) -> [XMLTree.Node] {
        node.all(name).filter { element in
            let own = Set((element.attributes["class"] ?? "").split(separator: " ").map(String.init))
            return classes.allSatisfy(own.contains)
        }
    }

    /// Fails when the page would load anything: a script, a style sheet, a font, an image or a
    /// frame from a URL, or an `@import`/`url()` in its CSS.
    static func assertSelfContained(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let lower = html.lowercased()
        for forbidden in ["<script", "<link", "<iframe", "<img", "<object", "<embed", "@import", "url("] {
            XCTAssertFalse(lower.contains(forbidden), "the report holds \(forbidden)", file: file, line: line)
        }
        let external = try? NSRegularExpression(
            pattern: #"(src|href|srcset|action)\s*=\s*["']?\s*(https?:|//|file:)"#, options: [.caseInsensitive])
        let range = NSRange(html.startIndex..., in: html)
        XCTAssertEqual(
            external?.numberOfMatches(in: html, range: range), 0, "a URL outside the file", file: file, line: line)
        XCTAssertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), file: file, line: line)
    }

    /// Fails when an element the renderer writes is opened and closed a different number of times.
    static func assertBalanced(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        for tag in ["html", "head", "body", "main", "section", "table", "tr", "td", "svg", "figure", "pre", "ul", "dl"]
        {
            let opened =
                html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag) ").count - 2
            let closed = html.components(separatedBy: "</\(tag)>").count - 1
            XCTAssertEqual(opened, closed, "<\(tag)> opened \(opened) times, closed \(closed)", file: file, line: line)
        }
    }
}
