import NIOHTTP1

/// What the gateway reads from an upstream answer's head, found in one pass: whether it is sized
/// and whether it is an event stream.
struct UpstreamAnswerFacts {
    /// The `content-length`, when the answer has a usable one.
    var contentLength: Int?
    /// Whether the answer has a `content-length` header at all (an unusable one still sizes it).
    var sized = false
    var eventStream = false

    init(_ headers: HTTPHeaders) {
        for (name, value) in headers {
            switch name.utf8.count {
            case 14 where HeaderNames.equalIgnoringASCIICase(name, "content-length"):
                sized = true
                contentLength = Int(value)
            case 12 where HeaderNames.equalIgnoringASCIICase(name, "content-type"):
                eventStream = value.hasPrefix("text/event-stream")
            default: continue
            }
        }
    }
}
