import GWStateStore

/// Stages and their steps as one table: status, duration, message and where each was written,
/// with a step's captured output under it.
enum StepsSection {
    static func html(_ detail: RunDetail, clock: RunClock) -> String {
        var rows: [HTMLTable.Row] = []
        for group in StageGroup.groups(of: detail) {
            let duration = group.row.map { ReportFormat.duration(clock.seconds(of: $0)) } ?? ""
            rows.append(
                HTMLTable.Row(
                    [
                        .text("stage \(group.name)"), HTMLTable.Cell(StatusBadge.html(group.status.rawValue)),
                        .text(duration, "num"), .text(group.row?.message ?? "", "multiline"),
                        HTMLTable.Cell(location(group.row?.location), "nowrap"),
                    ], style: "stage-row"))
            for step in group.steps {
                rows.append(row(for: step, clock: clock, run: detail.run))
                if let output = step.output.map(TerminalText.plain), !output.isEmpty {
                    rows.append(
                        HTMLTable.Row(
                            [HTMLTable.Cell("<pre>\(MarkupEscaping.text(output))</pre>", columns: 5)],
                            style: "output-row"))
                }
            }
        }
        let table = HTMLTable(
            headers: ["Step", "Status", "Duration", "Message", "Location"], rows: rows,
            emptyNote: "No stage or step was recorded for this run."
        ).html()
        return "<section id=\"steps\">\n<h2>Stages and steps</h2>\n\(table)</section>\n"
    }

    private static func row(for step: StepRecord, clock: RunClock, run: RunRecord) -> HTMLTable.Row {
        let e = MarkupEscaping.text
        var duration = ReportFormat.duration(clock.seconds(of: step))
        var message = step.message ?? ""
        switch step.status {
        case .skipped:
            duration = ""
        case .running:
            duration += " so far"
            if message.isEmpty {
                message = run.status == .interrupted ? "did not finish: the run was interrupted" : "still running"
            }
        default:
            break
        }
        let title = "\(e(step.title))<span class=\"kind\">\(e(step.kind)) · \(e(step.stepId))</span>"
        return HTMLTable.Row(
            [
                HTMLTable.Cell(title), HTMLTable.Cell(StatusBadge.html(step.status.rawValue)), .text(duration, "num"),
                .text(message, "multiline"), HTMLTable.Cell(location(step.location), "nowrap"),
            ], style: "step-row")
    }

    static func location(_ location: String?) -> String {
        guard let location, !location.isEmpty else { return "" }
        return "<code>\(MarkupEscaping.text(location))</code>"
    }
}
