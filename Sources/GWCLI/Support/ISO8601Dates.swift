import Foundation

/// ISO 8601 dates for JSON output, with a formatter made per date. The `.iso8601` strategies of
/// swift-corelibs-foundation share one global `ISO8601DateFormatter`, which is not safe to use
/// from several threads at once on Linux (swift-corelibs-foundation#4566: garbled dates; #5533:
/// heap corruption), and commands run side by side in the tests and in the REPL's tasks.
enum ISO8601Dates {
    /// What `.iso8601` writes (`2026-12-02T07:10:00Z`), without the shared formatter.
    static let encoding: JSONEncoder.DateEncodingStrategy = .custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(ISO8601DateFormatter().string(from: date))
    }
}
