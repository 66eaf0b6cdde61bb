import GWStateStore

/// What the run moved where, and how each move ended.
enum DeploymentsSection {
    static func html(_ detail: RunDetail) -> String {
        let rows = detail.deployments.map { deployment in
            HTMLTable.Row([
                .text(deployment.environment),
                .text(deployment.strategy),
                revision(deployment.revisionId),
                deployment.previousRevisionId.map(revision) ?? .text("none (first deploy)"),
                .text(ReportFormat.timestamp(deployment.startedAt), "nowrap"),
                .text(deployment.finishedAt.map(ReportFormat.timestamp) ?? "", "nowrap"),
                HTMLTable.Cell(StatusBadge.html(deployment.outcome.rawValue)),
                .text(deployment.message ?? "", "multiline"),
            ])
        }
        let table = HTMLTable(
            headers: ["Environment", "Strategy", "Revision", "Previous", "Started", "Finished", "Outcome", "Message"],
            rows: rows, emptyNote: "This run deployed nothing.")
        return "<section id=\"deployments\">\n<h2>Deployments</h2>\n\(table.html())</section>\n"
    }

    private static func revision(_ id: String) -> HTMLTable.Cell {
        let short = MarkupEscaping.text(ReportFormat.shortRevision(id))
        return HTMLTable.Cell("<code title=\"\(MarkupEscaping.attribute(id))\">\(short)</code>")
    }
}
