import GWPlan
import NIOCore
import NIOHTTP1

/// One request on its way through the gateway: what was decided (revision, route, upstream
/// candidates) and where the attempts stand.
///
/// A class, owned by the connection's handler and touched only on its event loop: as a struct of
/// twenty fields it was copied (every reference retained and released) at each event of a request.
final class Exchange {
    /// A token limit charged a prompt estimate up front; the answer's `usage` settles the rest.
    struct TokenCharge {
        var bucket: String
        var capacity: Double
        var windowSeconds: Double
        var estimate: Double
    }

    let head: ClientRequestHead
    let requestID: String
    var keepAlive: Bool
    let revision: CompiledRevision
    let slot: String
    let route: CompiledRoute
    let body: [UInt8]
    let modelRange: Range<Int>?
    let stream: Bool
    /// How many texts an embeddings request sent (one vector each).
    var inputCount = 1
    var tokenCharges: [TokenCharge] = []
    /// Whether the upstream's answer is a stream (SSE or unsized): its chunks are flushed one by one.
    var streaming = false
    let candidates: [UpstreamCandidate]
    private(set) var candidateIndex = 0
    /// `candidates[candidateIndex]`, stored: the request reads it a dozen times, and a computed
    /// property copied the struct (retaining its strings) at every read.
    private(set) var candidate: UpstreamCandidate
    var retriesLeft: Int
    var retriesDone = 0
    /// Set once the response head went to the client: no retry or fallback after that.
    var responseStarted = false
    /// Increments per attempt so late events of an abandoned attempt are ignored.
    var attempt = 0
    /// When the attempt in flight times out; nil once its answer started (see `GatewayHandler`'s
    /// attempt timer, one per connection rather than one per attempt).
    var deadline: NIODeadline?
    let started: NIODeadline
    /// The answer is chunk-encoded to the client (an unsized upstream body on HTTP/1.1).
    var chunked = false
    /// The client asked with HEAD: heads only, never a body.
    let isHead: Bool
    /// The head of a sized answer, held until the first piece of its body arrives so both go out
    /// in one write (most answers arrive in one read: head and body then cost one trip down the
    /// pipeline instead of two).
    var heldHead: ByteBuffer?
    /// Bytes of a sized answer written since the last flush: flushed past `flushThreshold`, so a
    /// large answer is not held in memory whole.
    var unflushedBytes = 0
    static let flushThreshold = 64 * 1024

    init(
        head: ClientRequestHead, requestID: String, keepAlive: Bool, revision: CompiledRevision, slot: String,
        route: CompiledRoute, body: [UInt8], modelRange: Range<Int>?, stream: Bool,
        inputCount: Int, tokenCharges: [TokenCharge], candidates: [UpstreamCandidate], started: NIODeadline
    ) {
        self.head = head
        self.requestID = requestID
        self.keepAlive = keepAlive
        self.revision = revision
        self.slot = slot
        self.route = route
        self.body = body
        self.modelRange = modelRange
        self.stream = stream
        self.inputCount = inputCount
        self.tokenCharges = tokenCharges
        self.candidates = candidates
        self.candidate = candidates[0]
        self.retriesLeft = route.plan.retry?.attempts ?? 0
        self.started = started
        self.isHead = head.method == .HEAD
    }

    /// Goes on to the next candidate (a fallback, or past one whose breaker is open).
    func moveToNextCandidate() {
        candidateIndex += 1
        candidate = candidates[candidateIndex]
    }
}

/// Why an attempt failed, in the words `retry ... on` and `fallback ... on` use.
enum AttemptFailure {
    case status(Int)
    case timeout
    case connectError(String)
    case reset
    /// The upstream's bytes are not a usable HTTP answer (`HTTPWireError`):
    /// retried and fallen back from as a reset connection is.
    case malformedAnswer(String)

    func matches(_ conditions: [String]) -> Bool {
        for condition in conditions {
            switch (self, condition) {
            case (.status(let status), _) where condition == String(status): return true
            case (.status(let status), "5xx") where (500...599).contains(status): return true
            case (.status(let status), "4xx") where (400...499).contains(status): return true
            case (.status(429), "rate_limited"), (.status(529), "overloaded"), (.status(503), "overloaded"): return true
            case (.timeout, "timeout"): return true
            case (.connectError, "connect_error"), (.connectError, "5xx"): return true
            case (.reset, "reset"), (.reset, "5xx"), (.malformedAnswer, "reset"), (.malformedAnswer, "5xx"): return true
            default: continue
            }
        }
        return false
    }

    /// The gateway's own answer when no alternative is left.
    func gatewayError(provider: String) -> GatewayError {
        switch self {
        case .timeout: .upstreamTimeout(provider)
        case .connectError(let detail): .upstreamFailed("cannot connect to \(provider) (\(detail))")
        case .reset: .upstreamFailed("\(provider) closed the connection")
        case .malformedAnswer(let detail): .upstreamFailed("\(provider) sent an answer that is not valid HTTP: \(detail)")
        case .status(let status): .upstreamFailed("\(provider) answered \(status)")
        }
    }

    /// Whether the breaker counts it (client errors other than 429 say nothing about the provider).
    var countsForBreaker: Bool {
        if case .status(let status) = self { return status >= 500 || status == 429 }
        return true
    }
}
