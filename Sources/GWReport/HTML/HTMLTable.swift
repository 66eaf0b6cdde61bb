/// A `<table>` of rows whose cells are already HTML (each built from escaped text), with a note
/// in place of the table when there is nothing to show.
struct HTMLTable: Sendable {
    /// One cell: its markup, an optional class (`num`, `nowrap`, `multiline`), and how many
    /// columns it spans (a step's output spans the whole row).
    struct Cell: Sendable {
        var html: String
        var style: String?
        var columns: Int

        init(_ html: String, _ style: String? = nil, columns: Int = 1) {
            self.html = html
            self.style = style
            self.columns = columns
        }

        /// A cell of plain text, escaped.
        static func text(_ value: String, _ style: String? = nil) -> Cell {
            Cell(MarkupEscaping.text(value), style)
        }
    }

    /// One row and the class it carries (`stage-row`, `step-row`, ...).
    struct Row: Sendable {
        var cells: [Cell]
        var style: String?

        init(_ cells: [Cell], style: String? = nil) {
            self.cells = cells
            self.style = style
        }
    }

    var headers: [String]
    var rows: [Row]
    var emptyNote: String

    func html() -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(MarkupEscaping.text(emptyNote))</p>\n" }
        var out = "<table>\n<thead><tr>"
        out += headers.map { "<th>\(MarkupEscaping.text($0))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += row.style.map { "<tr class=\"\(MarkupEscaping.attribute($0))\">" } ?? "<tr>"
            for cell in row.cells {
                let style = cell.style.map { " class=\"\(MarkupEscaping.attribute($0))\"" } ?? ""
                let span = cell.columns > 1 ? " colspan=\"\(cell.columns)\"" : ""
                out += "<td\(style)\(span)>\(cell.html)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
