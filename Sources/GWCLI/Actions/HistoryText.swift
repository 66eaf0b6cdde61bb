import Foundation
import GWStateStore

/// How `history` and `stats` write times, durations, ids and tables: UTC timestamps, short
/// commits and revision ids, and columns padded to their widest cell.
enum HistoryText {
    /// `2024-05-01 12:00:03` in UTC, so the same store reads the same on every machine.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0)
    }

    /// `2024-05-01` in UTC.
    static func day(_ date: Date) -> String { String(timestamp(date).prefix(10)) }

    /// `850ms`, `12.3s`, `2m 03s`, `1h 02m`, `3d 4h`; negative spans (clock skew) keep their sign.
    static func duration(_ seconds: Double) -> String {
        if seconds < 0 { return "-" + duration(-seconds) }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3_600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        if whole < 86_400 { return String(format: "%dh %02dm", whole / 3_600, whole % 3_600 / 60) }
        return "\(whole / 86_400)d \(whole % 86_400 / 3_600)h"
    }

    /// The time between two moments, or `-` while the second is not known.
    static func span(from start: Date, to end: Date?) -> String {
        end.map { duration($0.timeIntervalSince(start)) } ?? "-"
    }

    /// `+12.3s` from the start of a run.
    static func offset(_ date: Date, from start: Date) -> String { "+" + duration(date.timeIntervalSince(start)) }

    static func shortCommit(_ commit: String?) -> String { commit.map { String($0.prefix(7)) } ?? "-" }

    /// `sha256:0123456789ab…` → `0123456789ab`.
    static func shortRevision(_ id: String) -> String {
        let hex = id.hasPrefix("sha256:") ? id.dropFirst("sha256:".count) : Substring(id)
        return String(hex.prefix(12))
    }

    /// The first line of a message, for a table cell.
    static func oneLine(_ text: String?) -> String {
        guard let text else { return "" }
        let first = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return first.count > 100 ? String(first.prefix(99)) + "…" : first
    }

    /// A number as people write it: `4.5`, `120`, `0.25`, `inf`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        return String(format: "%g", value)
    }

    /// Rows with every column as wide as its widest cell, each line indented and without trailing spaces.
    static func table(_ rows: [[String]], indent: String = "") -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            var line = indent
            for (index, cell) in row.enumerated() {
                line +=
                    index == row.count - 1
                    ? cell : cell.padding(toLength: widths[index] + 2, withPad: " ", startingAt: 0)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// Pretty JSON with sorted keys and ISO 8601 dates; infinite gate values become strings.
    static func json<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ISO8601Dates.encoding
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
