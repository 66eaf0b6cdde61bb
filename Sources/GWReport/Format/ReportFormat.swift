import Foundation

/// How reports write times, durations and numbers: always UTC, always with a `.` decimal point,
/// never `nan` or `inf`, so a report reads the same on every machine and a golden file is stable.
enum ReportFormat {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    private static func parts(_ date: Date) -> DateComponents {
        utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    private static func two(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }

    /// `2025-03-01 12:00:05 UTC`.
    static func timestamp(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day)) \(two(p.hour)):\(two(p.minute)):\(two(p.second)) UTC"
    }

    /// `2025-03-01T12:00:05`, the JUnit schema's `timestamp` (UTC, no zone suffix).
    static func junitTimestamp(_ date: Date) -> String {
        let p = parts(date)
        return "\(p.year ?? 0)-\(two(p.month))-\(two(p.day))T\(two(p.hour)):\(two(p.minute)):\(two(p.second))"
    }

    /// `12:00:05`, for tables whose date the header already gives.
    static func clock(_ date: Date) -> String {
        let p = parts(date)
        return "\(two(p.hour)):\(two(p.minute)):\(two(p.second))"
    }

    /// A duration as a person reads it: `0.42 s`, `12.3 s`, `2m 05s`, `1h 02m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "–" }
        let seconds = max(0, seconds)
        if seconds < 10 { return "\(fixed(seconds, decimals: 2)) s" }
        if seconds < 60 { return "\(fixed(seconds, decimals: 1)) s" }
        let whole = Int(seconds.rounded(.down))
        if whole < 3600 { return "\(whole / 60)m \(two(whole % 60))s" }
        return "\(whole / 3600)h \(two(whole % 3600 / 60))m"
    }

    /// An offset on a chart's time axis: `0s`, `45s`, `1m`, `1m30s`, `1h05m`.
    static func offset(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "0s" }
        let sign = seconds < 0 ? "-" : ""
        let whole = Int(abs(seconds).rounded())
        if whole < 60 { return "\(sign)\(whole)s" }
        if whole < 3600 {
            let rest = whole % 60
            return "\(sign)\(whole / 60)m" + (rest == 0 ? "" : two(rest) + "s")
        }
        let minutes = whole % 3600 / 60
        return "\(sign)\(whole / 3600)h" + (minutes == 0 ? "" : two(minutes) + "m")
    }

    /// A number with exactly `decimals` digits after the point; non-finite values as `0`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let value = value.isFinite ? value : 0
        let text = String(format: "%.\(max(0, decimals))f", value)
        // `-0.00` says nothing `0.00` does not.
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// A measured value with up to `maxDecimals` decimals and no trailing zeros: `7.25`, `340`, `0.5`.
    static func compact(_ value: Double, maxDecimals: Int = 2) -> String {
        var text = fixed(value, decimals: maxDecimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A revision id as the legend shows it: the first 8 hex digits of `sha256:...`.
    static func shortRevision(_ id: String?) -> String {
        guard let id, !id.isEmpty else { return "unknown revision" }
        let digest = id.hasPrefix("sha256:") ? id.dropFirst("sha256:".count) : Substring(id)
        return String(digest.prefix(8))
    }
}
