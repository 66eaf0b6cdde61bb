/// Short forms for messages: revision ids and durations as a person reads them.
enum Short {
    /// `sha256:3f2a…` → `3f2a9c1b`.
    static func id(_ id: String) -> String {
        let hex = id.hasPrefix("sha256:") ? id.dropFirst(7) : Substring(id)
        return String(hex.prefix(8))
    }

    /// A git commit as `git log --oneline` shows it: its first 12 hex digits.
    static func commit(_ commit: String) -> String {
        String(commit.prefix(12))
    }

    static func duration(_ milliseconds: Double) -> String {
        if milliseconds < 1000 { return "\(Int(milliseconds))ms" }
        let seconds = milliseconds / 1000
        if seconds < 60 { return seconds == seconds.rounded() ? "\(Int(seconds))s" : String(format: "%.1fs", seconds) }
        let minutes = Int(seconds) / 60
        let rest = Int(seconds) % 60
        return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
    }
}
