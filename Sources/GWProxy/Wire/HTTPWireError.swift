/// Why bytes read off a connection are not a usable HTTP/1.1 message: a client's request (answered
/// 400, or 431 for a head over the limit) or an upstream's answer (a 502). Each description
/// completes "… is not valid HTTP: ".
enum HTTPWireError: Error, Equatable, CustomStringConvertible {
    case headTooLarge
    case malformedRequestLine
    case malformedStatusLine
    case malformedHeader
    case invalidContentLength
    /// Both `content-length` and `transfer-encoding`: the ambiguity requests and answers are
    /// smuggled through.
    case conflictingFraming
    /// A request whose `transfer-encoding` does not end in `chunked` (its length is unknowable).
    case unsupportedTransferEncoding
    case unsupportedStatus(Int)
    case invalidChunk
    case unexpectedBytes
    case unexpectedEnd

    var description: String {
        switch self {
        case .headTooLarge: "its head is over \(HTTPHeadReader.headLimit / 1024) KiB"
        case .malformedRequestLine: "it does not start with a request line (METHOD target HTTP/1.x)"
        case .malformedStatusLine: "it does not start with an HTTP/1.x status line"
        case .malformedHeader: "it has a malformed header line"
        case .invalidContentLength: "it has an invalid content-length"
        case .conflictingFraming: "it has both content-length and transfer-encoding"
        case .unsupportedTransferEncoding: "its transfer-encoding does not end in chunked"
        case .unsupportedStatus(let status): "it is a \(status), which the gateway does not proxy"
        case .invalidChunk: "its chunked body is malformed"
        case .unexpectedBytes: "it came when no answer was expected"
        case .unexpectedEnd: "the connection closed in the middle of it"
        }
    }
}
