import Histogram

/// The running counts and histograms of one lane (or, merged, of a whole run). Each lane keeps its
/// own so recording never takes a lock; progress and the final report merge copies.
struct LoadTally: Sendable {
    /// Histograms hold microseconds up to ten minutes; longer waits are recorded as ten minutes.
    static let highestMicros: UInt64 = 600_000_000

    var latency = LoadTally.makeHistogram()
    var serviceTime = LoadTally.makeHistogram()
    var firstByte = LoadTally.makeHistogram()
    var firstByteFromSend = LoadTally.makeHistogram()
    var scheduled = 0
    var sent = 0
    var completed = 0
    var unfinished = 0
    var connectionsOpened = 0
    var statuses: [Int: Int] = [:]
    var errors: [LoadErrorKind: Int] = [:]
    /// Uptime nanoseconds of the last write and the last response end; 0 before the first.
    var lastSendNanos: UInt64 = 0
    var lastCompletionNanos: UInt64 = 0
    /// When the lane finished (its last response, the end of its sending, or the drain timeout).
    var finishedNanos: UInt64 = 0

    static func makeHistogram() -> Histogram<UInt64> {
        Histogram(
            lowestDiscernibleValue: 1, highestTrackableValue: highestMicros, numberOfSignificantValueDigits: .three)
    }

    static func micros(from start: UInt64, to end: UInt64) -> UInt64 {
        // Sub-microsecond answers still count as one sample: HdrHistogram's lowest value is 1.
        min(max(1, (end &- min(start, end)) / 1000), highestMicros)
    }

    mutating func recordSend(at now: UInt64) {
        sent += 1
        lastSendNanos = max(lastSendNanos, now)
    }

    mutating func recordResponse(
        status: Int, intended: UInt64, sent sentAt: UInt64, firstByte firstByteAt: UInt64?, end: UInt64
    ) {
        completed += 1
        statuses[status, default: 0] += 1
        lastCompletionNanos = max(lastCompletionNanos, end)
        _ = latency.record(LoadTally.micros(from: intended, to: end))
        _ = serviceTime.record(LoadTally.micros(from: sentAt, to: end))
        if let firstByteAt {
            _ = firstByte.record(LoadTally.micros(from: intended, to: firstByteAt))
            _ = firstByteFromSend.record(LoadTally.micros(from: sentAt, to: firstByteAt))
        }
    }

    mutating func recordError(_ kind: LoadErrorKind) {
        errors[kind, default: 0] += 1
    }

    mutating func merge(_ other: LoadTally) {
        latency.add(other.latency)
        serviceTime.add(other.serviceTime)
        firstByte.add(other.firstByte)
        firstByteFromSend.add(other.firstByteFromSend)
        scheduled += other.scheduled
        sent += other.sent
        completed += other.completed
        unfinished += other.unfinished
        connectionsOpened += other.connectionsOpened
        statuses.merge(other.statuses, uniquingKeysWith: +)
        errors.merge(other.errors, uniquingKeysWith: +)
        lastSendNanos = max(lastSendNanos, other.lastSendNanos)
        lastCompletionNanos = max(lastCompletionNanos, other.lastCompletionNanos)
        finishedNanos = max(finishedNanos, other.finishedNanos)
    }

    /// The report of this tally for a run that started (first intended send) at `start` and
    /// ended — or is looked at — at `end`, both uptime nanoseconds.
    func report(configuration: LoadConfiguration, start: UInt64, end: UInt64, finished: Bool) -> LoadReport {
        let seconds = { (nanos: UInt64) in Double(nanos) / 1e9 }
        // The send window ends one interval after the last send, so a perfect schedule of N
        // requests reads exactly N / (N / rate) = rate.
        let sendWindow = lastSendNanos > start ? seconds(lastSendNanos - start) + 1 / configuration.rate : 0
        let elapsed = end > start ? seconds(end - start) : 0
        var errorCounts: [String: Int] = [:]
        for kind in LoadErrorKind.allCases { errorCounts[kind.rawValue] = errors[kind, default: 0] }
        return LoadReport(
            url: configuration.target.url, method: configuration.method, targetRate: configuration.rate,
            durationSeconds: configuration.duration.map {
                Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18
            },
            elapsedSeconds: elapsed, concurrency: configuration.concurrency,
            connectionsOpened: connectionsOpened, scheduled: scheduled, sent: sent, completed: completed,
            unfinished: unfinished, achievedRate: sendWindow > 0 ? Double(sent) / sendWindow : 0,
            throughput: elapsed > 0 ? Double(completed) / elapsed : 0,
            statuses: Dictionary(uniqueKeysWithValues: statuses.map { (String($0.key), $0.value) }),
            errors: errorCounts,
            latency: LatencySummary(microseconds: latency), serviceTime: LatencySummary(microseconds: serviceTime),
            timeToFirstByte: configuration.measuresFirstByte ? LatencySummary(microseconds: firstByte) : nil,
            timeToFirstByteFromSend: configuration.measuresFirstByte
                ? LatencySummary(microseconds: firstByteFromSend) : nil,
            finished: finished)
    }
}
