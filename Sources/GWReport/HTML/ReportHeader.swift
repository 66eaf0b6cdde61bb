import GWStateStore

/// The top of the report: which pipeline, which run, how it ended and why, and where it came from.
enum ReportHeader {
    static func html(_ detail: RunDetail, clock: RunClock) -> String {
        let run = detail.run
        let e = MarkupEscaping.text
        var out = "<header>\n<div class=\"title\"><h1>\(e(run.pipeline))</h1>"
        out += StatusBadge.html(run.status.rawValue)
        out += "<span class=\"muted\">run #\(run.id)</span></div>\n"
        if let message = run.message, !message.isEmpty {
            let tone = StatusBadge.tone(run.status.rawValue) == "bad" ? "message bad" : "message"
            out += "<p class=\"\(tone)\">\(e(message))</p>\n"
        }
        var facts: [(String, String)] = [
            ("File", "<code>\(e(run.file))</code>"),
            ("Started", e(ReportFormat.timestamp(run.startedAt))),
        ]
        let elapsed = ReportFormat.duration(clock.seconds(from: run.startedAt, to: run.finishedAt))
        if let finished = run.finishedAt {
            facts.append(("Finished", e(ReportFormat.timestamp(finished))))
            facts.append(("Duration", e(elapsed)))
        } else {
            facts.append(("Duration", e("\(elapsed) so far (not finished)")))
        }
        if let code = run.exitCode { facts.append(("Exit code", "\(code)")) }
        if let commit = run.gitCommit {
            facts.append(
                (
                    "Git commit",
                    "<code title=\"\(MarkupEscaping.attribute(commit))\">\(e(String(commit.prefix(12))))</code>"
                ))
        }
        if let branch = run.gitBranch { facts.append(("Branch", "<code>\(e(branch))</code>")) }
        facts.append(("Actor", e(run.actor)))
        facts.append(("Host", e(run.host)))
        if let resumed = run.resumeOf { facts.append(("Resumes", "run #\(resumed)")) }
        if let waiting = run.waitingAt { facts.append(("Waiting at", "<code>\(e(waiting))</code>")) }
        out += "<dl class=\"facts\">\n"
        out += facts.map { "<div><dt>\(e($0.0))</dt><dd>\($0.1)</dd></div>\n" }.joined()
        out += "</dl>\n"
        let sections = [
            ("steps", "Stages and steps"), ("charts", "Traffic"), ("gates", "Gates"), ("tests", "Tests"),
            ("deployments", "Deployments"), ("audit", "Audit log"),
        ]
        out += "<nav>" + sections.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined() + "</nav>\n"
        return out + "</header>\n"
    }
}
