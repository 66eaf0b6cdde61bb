import Foundation

/// Reads the durations suites write (`500ms`, `2s`, `1.5s`, `1m`) as milliseconds.
///
/// A unit is required: a bare `500` could mean milliseconds or seconds, and guessing wrong makes a
/// latency expectation silently useless.
enum DurationText {
    static let units: [(suffix: String, milliseconds: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000)]

    /// The duration in milliseconds, or nil when `text` is not a positive number followed by a unit.
    static func milliseconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count)
            // `ms` is tried before `s`, so `5ms` is never read as a number `5m` of seconds.
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                number.filter({ $0 == "." }).count <= 1, number.first != ".", number.last != ".",
                let value = Double(number), value > 0
            else { continue }
            return value * unit.milliseconds
        }
        return nil
    }

    /// `612 ms` or `1.4 s`, for messages and case lines.
    static func format(milliseconds: Double) -> String {
        if milliseconds < 1000 { return "\(Int(milliseconds.rounded())) ms" }
        let tenths = (milliseconds / 100).rounded() / 10
        return "\(tenths) s"
    }
}
