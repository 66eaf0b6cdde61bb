/// What a case expects of the answer. Every field is optional; a case's `expect:` gives at least one.
public struct TestExpectation: Sendable, Hashable {
    public var status: StatusExpectation?
    /// The `x-gwpipe-upstream` header: the provider that answered.
    public var upstream: String?
    /// The `x-gwpipe-route` header: the route that matched.
    public var route: String?
    /// Response headers with exact values; names compare case-insensitively (kept lowercased here).
    public var headers: [(name: String, value: String)]
    /// A subset of the JSON answer: every key given must be present with an equal value, recursively.
    public var json: JSONValue?
    public var bodyContains: String?
    /// The whole exchange, head to last body byte, must take less than this.
    public var latencyBelowMs: Double?
    /// `true`: an SSE stream with at least one `data:` event (ending in `data: [DONE]` on OpenAI
    /// paths); `false`: not a stream.
    public var stream: Bool?

    public init(
        status: StatusExpectation? = nil, upstream: String? = nil, route: String? = nil,
        headers: [(name: String, value: String)] = [], json: JSONValue? = nil, bodyContains: String? = nil,
        latencyBelowMs: Double? = nil, stream: Bool? = nil
    ) {
        self.status = status
        self.upstream = upstream
        self.route = route
        self.headers = headers.map { (name: $0.name.lowercased(), value: $0.value) }
        self.json = json
        self.bodyContains = bodyContains
        self.latencyBelowMs = latencyBelowMs
        self.stream = stream
    }

    public static func == (lhs: TestExpectation, rhs: TestExpectation) -> Bool {
        lhs.status == rhs.status && lhs.upstream == rhs.upstream && lhs.route == rhs.route && lhs.json == rhs.json
            && lhs.bodyContains == rhs.bodyContains && lhs.latencyBelowMs == rhs.latencyBelowMs
            && lhs.stream == rhs.stream
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status)
        hasher.combine(upstream)
        hasher.combine(route)
        hasher.combine(json)
        hasher.combine(bodyContains)
        hasher.combine(latencyBelowMs)
        hasher.combine(stream)
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
    }
}
