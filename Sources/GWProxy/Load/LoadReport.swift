/// What a load run measured: counts, achieved rate and latency percentiles. `gwpipe load --json`
/// prints it; the pipeline reads it for synthetic canary traffic. Times are milliseconds.
public struct LoadReport: Codable, Sendable, Equatable {
    public var url: String
    public var method: String
    public var targetRate: Double
    /// The requested duration; nil when the run went until stopped.
    public var durationSeconds: Double?
    /// From the first intended send to the end of the run — the end of sending or the last
    /// response, whichever came later — or to now, for progress.
    public var elapsedSeconds: Double
    public var concurrency: Int
    /// Connections established (a refused one is counted in `errors` instead).
    public var connectionsOpened: Int
    /// Requests whose intended send time has come.
    public var scheduled: Int
    /// Requests written to a connection.
    public var sent: Int
    /// Requests that got a whole response, whatever its status.
    public var completed: Int
    /// Requests neither completed nor failed: still queued or in flight (for progress), or cut
    /// off by the drain timeout at the end.
    public var unfinished: Int
    /// Requests sent per second over the sending window: below `targetRate` when connections ran out.
    public var achievedRate: Double
    /// Responses per second over the elapsed time.
    public var throughput: Double
    /// Responses by HTTP status (`"200": 4990`).
    public var statuses: [String: Int]
    /// Requests without a response, by `LoadErrorKind` (every kind listed, zeros included).
    public var errors: [String: Int]
    /// From the intended send time: includes waiting for a connection, so it is free of
    /// coordinated omission. This is the latency users see.
    public var latency: LatencySummary
    /// From the moment the request was written: the server's time alone (what closed-loop tools report).
    public var serviceTime: LatencySummary
    /// Time to first body byte from the intended send time; only when asked for (`--stream`).
    public var timeToFirstByte: LatencySummary?
    /// Time to first body byte from the moment the request was written.
    public var timeToFirstByteFromSend: LatencySummary?
    /// False for progress snapshots of a run still going.
    public var finished: Bool

    /// Requests that failed without a response.
    public var errorCount: Int { errors.values.reduce(0, +) }

    /// Responses whose status is in `range`.
    public func count(statuses range: ClosedRange<Int>) -> Int {
        statuses.reduce(0) { total, entry in
            Int(entry.key).map { range.contains($0) } == true ? total + entry.value : total
        }
    }

    /// Share (0–100) of finished requests that failed: a 5xx answer or no answer at all.
    public var errorPercent: Double {
        let finished = completed + errorCount
        guard finished > 0 else { return 0 }
        return Double(count(statuses: 500...599) + errorCount) * 100 / Double(finished)
    }
}
