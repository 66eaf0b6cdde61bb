import NIOCore

/// The head of an upstream's answer as `UpstreamResponseParser` read it: what the gateway decides
/// on (status, framing, keep-alive) and the header lines it passes back to the client, already
/// encoded.
struct UpstreamResponseHead {
    /// The status code (100...999).
    var status: Int
    /// Whether the upstream allows another request on this connection (HTTP/1.1 without
    /// `connection: close`, or HTTP/1.0 with `connection: keep-alive`).
    var keepAlive: Bool
    /// Whether the body is `transfer-encoding: chunked`.
    var chunked: Bool
    /// Whether the head had a `transfer-encoding` at all: one whose last coding is not chunked
    /// runs to the end of the connection (RFC 9112 §6.3).
    var hasTransferEncoding: Bool
    /// Length and event-stream facts, for the metrics' usage scan and the choice of framing.
    var facts: UpstreamAnswerFacts
    /// The header lines a client may see (`name: value\r\n` each), as the upstream wrote them:
    /// everything but the parser's dropped names (hop-by-hop headers and the gateway's own).
    var forwardedHeaders: ByteBuffer
}
