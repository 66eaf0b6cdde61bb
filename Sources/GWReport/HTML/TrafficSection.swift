import GWStateStore

/// For each strategy step that sampled traffic: a legend and two charts, error rate and p99
/// latency per slot and revision over the step's time, with its weights, gates and rollback.
enum TrafficSection {
    static func html(_ detail: RunDetail, clock: RunClock) -> String {
        let timelines = detail.steps.filter { StepKinds.strategies.contains($0.kind) }.compactMap {
            StrategyTimeline(step: $0, detail: detail, clock: clock)
        }
        var out = "<section id=\"charts\">\n<h2>Traffic during strategies</h2>\n"
        if timelines.isEmpty {
            out += "<p class=\"empty\">No strategy step sampled traffic in this run.</p>\n"
        }
        for timeline in timelines { out += figure(timeline) }
        return out + "</section>\n"
    }

    private static func figure(_ timeline: StrategyTimeline) -> String {
        let e = MarkupEscaping.text
        let step = timeline.step
        var out = "<figure class=\"strategy\" id=\"chart-\(MarkupEscaping.attribute(step.stepId))\">\n<figcaption>"
        out += "<h3>\(e(step.title)) \(StatusBadge.html(step.status.rawValue))</h3>"
        var facts = ["step \(step.stepId)", "from \(ReportFormat.timestamp(timeline.origin))"]
        if let environment = timeline.environment { facts.insert("environment \(environment)", at: 1) }
        out += "<div class=\"muted\">\(e(facts.joined(separator: " · ")))</div>\n"
        out += legend(timeline) + "</figcaption>\n"
        out += timeline.chart(.errorRate).svg()
        out += timeline.chart(.p99Latency).svg()
        return out + "</figure>\n"
    }

    private static func legend(_ timeline: StrategyTimeline) -> String {
        let e = MarkupEscaping.text
        var items: [String] = []
        for line in timeline.lines {
            let served = line.served
            let summary: String
            if served.isEmpty {
                summary = "no traffic"
            } else {
                let peakError = served.map(\.errorRate).filter(\.isFinite).max() ?? 0
                let peakLatency = served.map(\.p99Latency).filter(\.isFinite).max() ?? 0
                let requests = "\(line.requests) request\(line.requests == 1 ? "" : "s")"
                summary =
                    "\(requests), peak error \(ReportFormat.compact(peakError))%, "
                    + "peak p99 \(ReportFormat.compact(peakLatency, maxDecimals: 1)) ms"
            }
            let title = MarkupEscaping.attribute(line.revisionId ?? "no revision recorded")
            items.append(
                "<span class=\"swatch line \(line.style)\"></span><b title=\"\(title)\">\(e(line.label))</b>"
                    + " <span class=\"muted\">\(e(summary))</span>")
        }
        if !timeline.weights.isEmpty {
            let what = timeline.step.kind == "flag" ? "flag share" : "canary weight"
            items.append("<span class=\"swatch band\"></span>\(what) (right axis)")
            items.append("<span class=\"swatch weight-change\"></span>weight change")
        }
        if timeline.markers.contains(where: { $0.kind == .rollback }) {
            items.append("<span class=\"swatch rollback\"></span><b class=\"bad\">rollback</b>")
        }
        let verdicts = Set(timeline.ticks.map(\.verdict))
        for verdict in ["pass", "fail", "inconclusive"] where verdicts.contains(verdict) {
            items.append("<span class=\"swatch tick \(verdict)\"></span>gate \(verdict)")
        }
        return "<ul class=\"legend\">" + items.map { "<li>\($0)</li>" }.joined() + "</ul>\n"
    }
}
