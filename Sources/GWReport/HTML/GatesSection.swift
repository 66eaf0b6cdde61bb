import GWStateStore

/// Every gate evaluation of the run, in time order, with what it observed and its verdict.
enum GatesSection {
    static func html(_ detail: RunDetail) -> String {
        let titles = Dictionary(detail.steps.map { ($0.stepId, $0.title) }, uniquingKeysWith: { first, _ in first })
        let rows = detail.gateEvaluations.enumerated().sorted {
            ($0.element.at, $0.offset) < ($1.element.at, $1.offset)
        }
        .map(\.element).map { evaluation in
            let step = titles[evaluation.stepId].map { "\($0) (\(evaluation.stepId))" } ?? evaluation.stepId
            let weight = evaluation.weight.map { "\(ReportFormat.compact($0))%" } ?? ""
            return HTMLTable.Row([
                .text(ReportFormat.clock(evaluation.at), "nowrap"),
                .text(step),
                .text(evaluation.kind.rawValue, "nowrap"),
                HTMLTable.Cell("<code>\(MarkupEscaping.text(evaluation.expression))</code>"),
                .text(GateText.observed(evaluation)),
                .text(weight, "num"),
                .text("\(ReportFormat.compact(evaluation.windowSeconds)) s", "num"),
                HTMLTable.Cell(StatusBadge.html(evaluation.verdict.rawValue)),
                HTMLTable.Cell(StepsSection.location(evaluation.location), "nowrap"),
            ])
        }
        let table = HTMLTable(
            headers: [
                "Time (UTC)", "Step", "Kind", "Expression", "Observed", "Weight", "Window", "Verdict", "Location",
            ],
            rows: rows, emptyNote: "No gate was evaluated in this run.")
        return "<section id=\"gates\">\n<h2>Gate evaluations</h2>\n\(table.html())</section>\n"
    }
}
