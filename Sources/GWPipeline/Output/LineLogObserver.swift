import Foundation

/// Plain line-per-event logs for CI and pipes (`CI` set, or not a terminal). With `github`, each stage
/// is a `::group::` and failures become `::error file=,line=,col=::` annotations at the step or gate.
public final class LineLogObserver: RunObserver {
    private let sink: TextSink
    private let github: Bool
    private let timestamps: Bool

    public init(sink: TextSink = .standardOutput, github: Bool = false, timestamps: Bool = true) {
        self.sink = sink
        self.github = github
        self.timestamps = timestamps
    }

    /// `14:05:09` in local time. A value, safe from the many tasks that emit events at once; a
    /// shared `DateFormatter` (CoreFoundation on Linux) is not.
    private static let clock = Date.ISO8601FormatStyle(timeZone: .current).time(includingFractionalSeconds: false)

    public func observe(_ event: RunEvent) {
        let prefix = timestamps ? "[\(Self.clock.format(event.at))] " : ""
        var lines: [String] = []
        switch event.kind {
        case .runStarted:
            lines.append("\(prefix)\(event.message ?? "")")
        case .stageStarted:
            if github { lines.append("::group::\(event.title ?? "")") }
            lines.append("\(prefix)▶ \(event.title ?? "")")
        case .stageFinished:
            lines.append("\(prefix)\(Self.mark(event.status)) \(event.title ?? "") \(event.status ?? "")\(Self.seconds(event.durationSeconds))")
            if github { lines.append("::endgroup::") }
        case .stepStarted:
            lines.append("\(prefix)  … \(event.title ?? "")")
        case .stepOutput:
            lines.append("\(prefix)    \(event.message ?? "")")
        case .stepFinished:
            let message = event.message.map { ": \($0)" } ?? ""
            lines.append("\(prefix)  \(Self.mark(event.status)) \(event.title ?? "")\(Self.seconds(event.durationSeconds))\(message)")
            if github, event.status == "failed" { lines.append(Self.annotation("error", event.location, event.message ?? "step failed")) }
        case .trafficShifted:
            lines.append("\(prefix)    → \(event.message ?? "")")
        case .gateEvaluated where event.expression == "check":
            // The check step's own line says the same.
            return
        case .gateEvaluated:
            lines.append("\(prefix)    \(event.verdict == "pass" ? "✓" : event.verdict == "fail" ? "✗" : "?") \(event.message ?? "")")
            if github, event.verdict == "fail" {
                lines.append(Self.annotation("warning", event.location, event.message ?? ""))
            }
        case .rolledBack:
            lines.append("\(prefix)    ↩ rollback: \(event.message ?? "")")
        case .promoted:
            lines.append("\(prefix)    ★ \(event.message ?? "")")
        case .approvalWaiting:
            lines.append("\(prefix)⏸ \(event.message ?? "")")
        case .runFinished:
            lines.append("\(prefix)\(Self.mark(event.status == "succeeded" ? "passed" : event.status)) run \(event.runId) \(event.status ?? "")\(Self.seconds(event.durationSeconds)): \(event.message ?? "")")
            if github, event.status != "succeeded" { lines.append(Self.annotation("error", nil, event.message ?? "")) }
        }
        sink(lines.joined(separator: "\n") + "\n")
    }

    static func mark(_ status: String?) -> String {
        switch status {
        case "passed", "succeeded": "✓"
        case "failed", "error": "✗"
        case "skipped": "-"
        case "cancelled", "interrupted": "⊘"
        case "waiting", "waiting_approval": "⏸"
        default: "•"
        }
    }

    static func seconds(_ value: Double?) -> String {
        guard let value else { return "" }
        return String(format: " (%.1fs)", value)
    }

    /// `::error file=F,line=L,col=C::message` with GitHub's escapes.
    static func annotation(_ level: String, _ location: String?, _ message: String) -> String {
        let escaped = message.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
        guard let location, !location.isEmpty else { return "::\(level)::\(escaped)" }
        let parts = location.split(separator: ":")
        if parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) {
            let file = parts.dropLast(2).joined(separator: ":")
            return "::\(level) file=\(file),line=\(line),col=\(column)::\(escaped)"
        }
        return "::\(level) file=\(location)::\(escaped)"
    }
}
