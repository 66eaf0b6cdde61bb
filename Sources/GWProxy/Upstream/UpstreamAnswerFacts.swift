/// What the gateway reads from an upstream answer's head beyond its framing: whether it is sized
/// and whether it is an event stream. Filled in by `UpstreamResponseParser` as it reads the head.
struct UpstreamAnswerFacts {
    /// The `content-length`, when the answer has one.
    var contentLength: Int?
    /// Whether the answer has a `content-length` (and no `transfer-encoding`): its length is known.
    var sized: Bool { contentLength != nil }
    var eventStream = false
}
