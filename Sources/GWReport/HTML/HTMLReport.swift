import GWStateStore

/// The HTML report of a recorded run (`gwpipe run --report FILE.html`): one self-contained file
/// (inline CSS and SVG, no script, nothing loaded from anywhere) with the run's outcome, its
/// stages and steps, charts of error rate and latency per revision during each strategy, and the
/// gate evaluations, test cases, deployments and audit log. The same `RunDetail` always renders
/// to the same bytes.
public enum HTMLReport {
    public static func render(_ detail: RunDetail) -> String {
        let clock = RunClock(detail)
        let run = detail.run
        let status = run.status.rawValue.replacingOccurrences(of: "_", with: " ")
        let title = "gwpipe · \(run.pipeline) · run #\(run.id) · \(status)"
        // The policy makes "loads nothing" a property of the file, not only of this code.
        let policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(policy)">
            <meta name="color-scheme" content="light dark">
            <title>\(MarkupEscaping.text(title))</title>
            <style>
            \(Stylesheet.css)
            </style>
            </head>
            <body>

            """
        out += ReportHeader.html(detail, clock: clock)
        out += "<main>\n"
        out += StepsSection.html(detail, clock: clock)
        out += TrafficSection.html(detail, clock: clock)
        out += GatesSection.html(detail)
        out += TestCasesSection.html(detail)
        out += DeploymentsSection.html(detail)
        out += AuditSection.html(detail)
        out += "</main>\n"
        out += "<footer>Written by gwpipe from the state store's record of run #\(run.id)"
        out +=
            " (\(MarkupEscaping.text(ReportFormat.timestamp(clock.latest))) is the latest moment it holds).</footer>\n"
        return out + "</body>\n</html>\n"
    }
}
