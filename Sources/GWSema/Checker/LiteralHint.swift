import Foundation

/// How to write, with the language's literal rules, a value a values file spelled another way:
/// `1.5 seconds` → "write 1500ms or 1.5s", `2` for a Duration → "write 2s or 2000ms".
enum LiteralHint {
    /// Duration unit words people write, with the language's symbol and its size in milliseconds.
    private static let durationUnits: [(words: [String], symbol: String, milliseconds: Double)] = [
        (["ms", "msec", "msecs", "millisecond", "milliseconds"], "ms", 1),
        (["s", "sec", "secs", "second", "seconds"], "s", 1000),
        (["m", "min", "mins", "minute", "minutes"], "m", 60_000),
        (["h", "hr", "hrs", "hour", "hours"], "h", 3_600_000),
        (["d", "day", "days"], "d", 86_400_000),
    ]

    /// A hint for `text`, which did not parse as `type`; nil when the text is not a number with a unit word.
    static func hint(for text: String, expected type: GWType) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numberText = String(trimmed.prefix { $0.isNumber || $0 == "." })
        guard let number = Double(numberText) else { return nil }
        let unit = trimmed.dropFirst(numberText.count).trimmingCharacters(in: .whitespaces).lowercased()
        if unit.isEmpty {
            let found = Int64(numberText).map { Typed(.int, .int($0)) } ?? Typed(.number, .number(number))
            return ExpressionChecker.unitHint(expected: type.description, found: found)
        }
        switch type {
        case .duration:
            guard let match = durationUnits.first(where: { $0.words.contains(unit) }),
                let nanoseconds = Int64(exactly: (number * match.milliseconds * 1_000_000).rounded())
            else { return nil }
            let canonical = Value.durationText(nanoseconds)
            let direct = numberText + match.symbol
            return canonical == direct ? "write \(canonical)" : "write \(canonical) or \(direct)"
        case .percent where ["percent", "pct"].contains(unit):
            return "write \(numberText)%"
        default:
            return nil
        }
    }
}
