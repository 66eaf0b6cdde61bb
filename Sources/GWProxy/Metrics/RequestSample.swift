/// One finished request as the metrics see it: where it went, how it ended, how long it took and
/// what it used. The handler builds one per request; tests and tools can record their own.
public struct RequestSample: Sendable {
    public var revision: String
    /// `stable` or `canary`; empty when no revision was loaded.
    public var slot: String
    /// Empty when no route matched.
    public var route: String
    /// The provider that finally answered (after retries and fallbacks); empty when the gateway
    /// answered without forwarding (auth, routing, limits, body size).
    public var upstream: String
    public var status: Int
    /// The answer had started when the upstream failed mid-stream: an error, whatever the status said.
    public var cutShort: Bool
    /// Microseconds from the request to the end of the answer; nil for answers the gateway gave
    /// without forwarding, which would otherwise drag percentiles towards zero.
    public var latencyMicros: UInt64?
    /// Microseconds to the first body byte from the upstream (the first chunk of a stream).
    public var ttftMicros: UInt64?
    public var tokens: Int
    /// Estimated cost: tokens / 1000 × the provider's `cost_per_1k_tokens`.
    public var cost: Double
    /// Every flag of the revision and whether it was on for this caller, for flag-side comparisons.
    public var flags: [(name: String, on: Bool)]

    public init(
        revision: String, slot: String, route: String, upstream: String, status: Int, cutShort: Bool = false,
        latencyMicros: UInt64? = nil, ttftMicros: UInt64? = nil, tokens: Int = 0, cost: Double = 0,
        flags: [(name: String, on: Bool)] = []
    ) {
        self.revision = revision
        self.slot = slot
        self.route = route
        self.upstream = upstream
        self.status = status
        self.cutShort = cutShort
        self.latencyMicros = latencyMicros
        self.ttftMicros = ttftMicros
        self.tokens = tokens
        self.cost = cost
        self.flags = flags
    }

    /// 5xx (from the upstream or the gateway's own 502/503/504, timeouts included) or cut short.
    public var isError: Bool { cutShort || status >= 500 }

    /// 4xx, counted apart from errors: they say more about callers than about the revision.
    public var isClientError: Bool { !cutShort && (400..<500).contains(status) }
}
