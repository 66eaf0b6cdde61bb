import GWStateStore

/// The audit log entries of the run: who did what to which environment, in order.
enum AuditSection {
    static func html(_ detail: RunDetail) -> String {
        let rows = detail.audit.map { entry in
            HTMLTable.Row([
                .text(ReportFormat.timestamp(entry.at), "nowrap"),
                .text(entry.actor),
                HTMLTable.Cell("<code>\(MarkupEscaping.text(entry.action))</code>"),
                .text(entry.environment ?? ""),
                .text(entry.detail, "multiline"),
            ])
        }
        let table = HTMLTable(
            headers: ["Time", "Actor", "Action", "Environment", "Detail"], rows: rows,
            emptyNote: "No audit entry was recorded for this run.")
        return "<section id=\"audit\">\n<h2>Audit log</h2>\n\(table.html())</section>\n"
    }
}
