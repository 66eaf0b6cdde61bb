import Foundation

/// ISO 8601 dates for JSON output through `Date.ISO8601FormatStyle`, a value type that is safe to
/// use from any thread. `ISO8601DateFormatter` (CoreFoundation on Linux) is not safe to share
/// between threads (swift-corelibs-foundation#4566) and costs ~90 µs to make, and commands run
/// side by side in the tests and in the REPL's tasks.
enum ISO8601Dates {
    /// `2026-12-02T07:10:00Z`, in UTC.
    static let encoding: JSONEncoder.DateEncodingStrategy = .custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(date.formatted(.iso8601))
    }
}
