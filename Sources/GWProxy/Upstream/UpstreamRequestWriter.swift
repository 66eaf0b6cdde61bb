import NIOCore
import NIOHTTP1

/// The outbound end of an upstream connection: sends requests the gateway encoded itself.
///
/// A request goes down the pipeline as a `.head` that carries only its method, which the response
/// decoder in front of this handler needs to see (it pairs each response with its request, and a
/// `HEAD` answer has no body). The whole encoded request, head and body, waits here in `pending`
/// (set by `UpstreamConnection.send`) and goes to the socket in its place: one trip down the
/// pipeline and one buffer per request.
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

    /// The encoded request that the next `.head` stands for.
    var pending: ByteBuffer?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head:
            if let bytes = pending {
                pending = nil
                context.write(wrapOutboundOut(bytes), promise: promise)
            } else {
                promise?.succeed()
            }
        case .end:
            promise?.succeed()
        case .body(.byteBuffer(let bytes)):
            context.write(wrapOutboundOut(bytes), promise: promise)
        case .body(.fileRegion):
            promise?.fail(ChannelError.operationUnsupported)
        }
    }
}
