import NIOCore

/// Closes connections whose request head takes too long to arrive (slowloris): the clock starts at
/// the first byte of a request and stops when the HTTP decoder has the whole head. An idle
/// keep-alive connection is left to the idle timeout instead.
final class SlowClientGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let headerTimeout: TimeAmount
    private var awaitingHead = true
    private var deadline: Scheduled<Void>?

    init(headerTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if awaitingHead, deadline == nil {
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: headerTimeout) { [weak self] () -> Void in
                guard let self, self.awaitingHead else { return }
                context.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    /// The decoder produced a complete head: this request arrived in time.
    func headReceived() {
        awaitingHead = false
        deadline?.cancel()
        deadline = nil
    }

    /// The response is done; the next request's head is timed from its first byte.
    func responseFinished() {
        awaitingHead = true
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }
}
