import Foundation
import GWStateStore

/// `gwpipe stats [--env E] [--since 30d]`: the four DORA measures from the recorded deployments.
public struct StatsAction: Sendable {
    public var environment: String?
    /// A span back from now (`30d`, `12h`, `2w`, `90m`, `45s`) or a UTC date (`2024-05-01`); nil for all history.
    public var since: String?
    public var statePath: String
    public var format: HistoryOutputFormat
    public var now: Date

    public init(
        environment: String? = nil, since: String? = nil, statePath: String = StateStore.defaultPath,
        format: HistoryOutputFormat = .text, now: Date = Date()
    ) {
        self.environment = environment
        self.since = since
        self.statePath = statePath
        self.format = format
        self.now = now
    }

    public func run() -> CommandResult {
        var result = CommandResult()
        var start: Date?
        if let since {
            guard let parsed = Self.parseSince(since, now: now) else {
                result.standardError =
                    "error: --since takes a span back from now such as 30d, 12h or 2w, "
                    + "or a date such as 2024-05-01; got '\(since)'\n"
                result.exitCode = ExitStatus.unreadableInput
                return result
            }
            start = parsed
        }
        let stats: DeliveryStats
        switch HistoryStore.open(path: statePath) {
        case .failed(let failed): return failed
        case .missing(let message):
            guard format == .json else {
                result.standardOutput = message + "\n"
                return result
            }
            result.standardError = message + "\n"
            stats = DeliveryStats.compute(
                deployments: [], commitTimes: [:], environment: environment, since: start, now: now)
        case .opened(let store):
            HistoryStore.markInterruptedRuns(in: store, now: now, result: &result)
            do {
                stats = try store.stats(environment: environment, since: start, now: now)
            } catch {
                result.standardError += HistoryStore.describe(error) + "\n"
                result.exitCode = ExitStatus.unreadableInput
                return result
            }
        }
        do {
            result.standardOutput += format == .json ? try HistoryText.json(stats) : StatsRendering.text(stats)
        } catch {
            result.standardError += "error: cannot write the stats as JSON: \(error.localizedDescription)\n"
            result.exitCode = ExitStatus.unreadableInput
        }
        return result
    }

    /// `30d` → 30 days before `now`; `2024-05-01` or an ISO 8601 time → that moment (UTC).
    static func parseSince(_ text: String, now: Date) -> Date? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        if let unit = text.last, let seconds = units[unit], let count = Double(text.dropLast()), count >= 0,
            count.isFinite
        {
            return now.addingTimeInterval(-count * seconds)
        }
        let moment = Date.ISO8601FormatStyle()
        return (try? moment.parse(text)) ?? (try? moment.year().month().day().parse(text))
    }
}
