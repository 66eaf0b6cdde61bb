import Foundation

extension LoadReport {
    /// The report as a short human-readable table, the default output of `gwpipe load`.
    public var text: String {
        var lines: [String] = []
        let duration = durationSeconds.map { " for \(Self.number($0))s" } ?? " until stopped"
        lines.append(
            "load \(url): \(method) at \(Self.number(targetRate)) rps\(duration), up to \(concurrency) connections")
        let connections = "\(connectionsOpened) connection\(connectionsOpened == 1 ? "" : "s") opened"
        lines.append(
            "sent        \(sent) of \(scheduled) due in \(Self.fixed(elapsedSeconds, 2))s: "
                + "\(Self.fixed(achievedRate, 1)) rps sent, \(Self.fixed(throughput, 1)) responses/s, \(connections)")
        let statusText = statuses.sorted { $0.key < $1.key }.map { "\($0.key) × \($0.value)" }.joined(separator: ", ")
        lines.append("statuses    \(statusText.isEmpty ? "none" : statusText)")
        let errorText = LoadErrorKind.allCases.compactMap { kind in
            errors[kind.rawValue].flatMap { $0 > 0 ? "\(kind.rawValue) × \($0)" : nil }
        }.joined(separator: ", ")
        lines.append("errors      \(errorText.isEmpty ? "none" : errorText)")
        if unfinished > 0 {
            lines.append("unfinished  \(unfinished) (still queued or in flight when the run ended)")
        }
        lines.append("")
        guard completed > 0 else {
            lines.append("latency     no responses to measure")
            return lines.joined(separator: "\n") + "\n"
        }
        var rows: [(String, LatencySummary)] = [
            ("latency (from intended send)", latency), ("service time (from write)", serviceTime),
        ]
        if let timeToFirstByte { rows.append(("first byte (from intended send)", timeToFirstByte)) }
        if let timeToFirstByteFromSend { rows.append(("first byte (from write)", timeToFirstByteFromSend)) }
        let columns = ["p50", "p90", "p99", "p99.9", "max", "mean"]
        let labelWidth = rows.map(\.0.count).max() ?? 0
        lines.append(Self.pad("ms", labelWidth) + columns.map { Self.pad($0, 10, right: true) }.joined())
        for (label, summary) in rows {
            let values = [summary.p50Ms, summary.p90Ms, summary.p99Ms, summary.p999Ms, summary.maxMs, summary.meanMs]
            lines.append(
                Self.pad(label, labelWidth) + values.map { Self.pad(Self.fixed($0, 3), 10, right: true) }.joined())
        }
        if finished, sent > 0, achievedRate < targetRate * 0.95 {
            lines.append("")
            lines.append(
                "note: sent below the target rate: the connections were all busy (raise --concurrency) or this "
                    + "machine fell behind; the latency from intended send counts the wait.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func number(_ value: Double) -> String {
        String(format: "%g", value)
    }

    private static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
