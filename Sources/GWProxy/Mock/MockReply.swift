/// What a mock provider answers to one request, and when.
struct MockReply: Sendable {
    enum Body: Sendable {
        /// One JSON body.
        case full([UInt8])
        /// Server-sent events, written one chunk every `intervalNanos` after the first byte.
        case stream([[UInt8]], intervalNanos: Int64)
        /// Never answers: a hung upstream, for timeout tests.
        case hang
    }

    var status: Int
    var contentType: String
    /// Delay before the first byte (the mock's latency, or its time to first token for streams).
    var delayNanos: Int64
    var body: Body
    /// Prompt + completion tokens the reply reports in `usage`.
    var totalTokens: Int
}
