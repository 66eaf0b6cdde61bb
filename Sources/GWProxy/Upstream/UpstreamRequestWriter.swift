import NIOCore
import NIOHTTP1

/// The outbound end of an upstream connection: sends requests the gateway encoded itself.
///
/// A request is written as two parts: a `.head` that carries only its method, which the response
/// decoder in front of this handler needs to see (it pairs each response with its request, and a
/// `HEAD` answer has no body), and one `.body` holding the whole encoded request, head and body
/// (see `UpstreamRequest`). The head is swallowed here; the bytes go to the socket as they are.
final class UpstreamRequestWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = ByteBuffer

    /// The method-only heads written ahead of each request, made once for the common methods.
    static func methodHead(_ method: HTTPMethod) -> HTTPRequestHead {
        switch method {
        case .POST: post
        case .GET: get
        default: HTTPRequestHead(version: .http1_1, method: method, uri: "")
        }
    }

    private static let post = HTTPRequestHead(version: .http1_1, method: .POST, uri: "")
    private static let get = HTTPRequestHead(version: .http1_1, method: .GET, uri: "")

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head, .end:
            promise?.succeed()
        case .body(.byteBuffer(let bytes)):
            context.write(wrapOutboundOut(bytes), promise: promise)
        case .body(.fileRegion):
            promise?.fail(ChannelError.operationUnsupported)
        }
    }
}
