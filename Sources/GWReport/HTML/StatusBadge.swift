/// A status as a coloured pill: green for what went well, red for what failed or was rolled
/// back, amber for what needs a person, blue for what is under way, grey for what did not run.
enum StatusBadge {
    static func html(_ status: String) -> String {
        let label = status.replacingOccurrences(of: "_", with: " ")
        return "<span class=\"badge \(tone(status))\">\(MarkupEscaping.text(label))</span>"
    }

    static func tone(_ status: String) -> String {
        switch status {
        case "passed", "succeeded", "promoted", "pass": "ok"
        case "failed", "error", "rolled_back", "rollback_failed", "fail": "bad"
        case "cancelled", "interrupted", "waiting", "waiting_approval": "warn"
        case "running", "in_progress": "info"
        default: "quiet"
        }
    }
}
