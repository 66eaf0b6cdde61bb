import NIOCore

/// What the handler learns about the request in flight as it goes (labels as they are decided,
/// the status when the answer starts, the first body byte, usage in the body), turned into one
/// `RequestSample` when the answer ends. A plain value on the connection's event loop: noting
/// things costs field writes, and the metrics lock is taken once per request.
struct RequestObservation {
    /// Bodies bigger than this are not scanned for `usage` (streams always are, chunk by chunk).
    static let scanLimit = 1 << 20

    let startedNanos: UInt64
    var revision = ""
    var slot = ""
    var route = ""
    var upstream = ""
    var status = 0
    var cutShort = false
    /// Set once the request went to an upstream; only those have a latency worth a percentile.
    var forwarded = false
    var firstByteNanos: UInt64?
    var usage = UsageScanner(budget: 0)
    var costPer1kTokens: Double?
    var flags: [(name: String, on: Bool)] = []

    init(startedNanos: UInt64 = NIODeadline.now().uptimeNanoseconds) {
        self.startedNanos = startedNanos
    }

    /// Notes which of the revision's flags are on for this caller. Every flag is noted, not just
    /// those a rule read, so the on and off sides are whole populations.
    mutating func noteFlags(_ names: some Collection<String>, _ isOn: (String) -> Bool) {
        guard !names.isEmpty else { return }
        flags = names.map { ($0, isOn($0)) }
    }

    /// An upstream's answer is going to the client (no retry or fallback after this). `answer` is
    /// what its head said; nil for a mock's answer, which is always small.
    mutating func answerStarted(status: Int, _ exchange: Exchange, answer: UpstreamAnswerFacts? = nil) {
        self.status = status
        forwarded = true
        upstream = exchange.candidate.provider
        costPer1kTokens = exchange.candidate.compiled?.plan.costPer1kTokens
        var budget = RequestObservation.scanLimit
        if let answer {
            if answer.eventStream {
                budget = .max
            } else if let length = answer.contentLength, length > budget {
                budget = 0
            }
        }
        usage = UsageScanner(budget: budget)
    }

    mutating func sawBody(_ bytes: [UInt8]) {
        if firstByteNanos == nil { firstByteNanos = NIODeadline.now().uptimeNanoseconds }
        usage.feed(bytes)
    }

    mutating func sawBody(_ buffer: ByteBuffer) {
        if firstByteNanos == nil { firstByteNanos = NIODeadline.now().uptimeNanoseconds }
        buffer.withUnsafeReadableBytes { usage.feed($0) }
    }

    /// The gateway answered itself: an error before forwarding (4xx, 503), or after the attempts
    /// at `upstream` ran out (502, 504).
    mutating func gatewayAnswered(status: Int, upstream: String?) {
        self.status = status
        if let upstream {
            self.upstream = upstream
            forwarded = true
        }
        firstByteNanos = nil
        usage = UsageScanner(budget: 0)
    }

    /// The client left while its request was in flight. Before any answer it is recorded as
    /// nginx's 499 with the time waited, so a canary that hangs until clients give up still shows
    /// in its latency.
    mutating func clientClosed(upstream: String) {
        guard status == 0 else { return }
        status = 499
        self.upstream = upstream
        forwarded = true
    }

    func sample(finishedNanos: UInt64 = NIODeadline.now().uptimeNanoseconds) -> RequestSample {
        let tokens = usage.tokens
        return RequestSample(
            revision: revision, slot: slot, route: route, upstream: upstream, status: status, cutShort: cutShort,
            latencyMicros: forwarded ? (finishedNanos - min(finishedNanos, startedNanos)) / 1000 : nil,
            ttftMicros: firstByteNanos.map { ($0 - min($0, startedNanos)) / 1000 },
            tokens: tokens, cost: costPer1kTokens.map { Double(tokens) / 1000 * $0 } ?? 0, flags: flags)
    }
}
