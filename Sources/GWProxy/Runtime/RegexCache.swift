import Foundation
import NIOConcurrencyHelpers

/// Compiled regular expressions of `matches` rules, compiled once per pattern (the checker has
/// already validated each one).
final class RegexCache: Sendable {
    static let shared = RegexCache()

    private let compiled = NIOLockedValueBox<[String: NSRegularExpression]>([:])

    func matches(_ pattern: String, _ text: String) -> Bool {
        let regex = compiled.withLockedValue { cache -> NSRegularExpression? in
            if let regex = cache[pattern] { return regex }
            let regex = try? NSRegularExpression(pattern: pattern)
            cache[pattern] = regex
            return regex
        }
        guard let regex else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
