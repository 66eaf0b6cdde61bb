/// The few request headers the gateway itself reads, noted by `ClientRequestParser` in its one
/// pass over the head instead of one case-insensitive search per name.
struct RequestHeadFacts {
    var contentLength: Int?
    var requestID: String?
    var authorization: String?
    var apiKey: String?
    /// `expect: 100-continue` on HTTP/1.1: the client waits for a go-ahead before its body.
    var expectsContinue = false
    /// The caller chose an `anthropic-version` itself (else the gateway sends its default to
    /// Anthropic upstreams).
    var hasAnthropicVersion = false
}
