import NIOCore

/// Closes connections whose request head takes too long to arrive (slowloris): the clock starts at
/// the first byte of a request and stops when the HTTP decoder has the whole head. An idle
/// keep-alive connection is left to the idle timeout instead.
///
/// One timer per connection is kept and re-armed only when it fires, rather than a task scheduled
/// and cancelled for every request: on a busy keep-alive connection it fires about once per
/// `headerTimeout` and finds the request it was armed for long answered.
final class SlowClientGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let headerTimeout: TimeAmount
    private var awaitingHead = true
    /// When the first byte of the head being awaited arrived; nil while no head is on its way.
    private var headStarted: NIODeadline?
    private var timer: Scheduled<Void>?

    init(headerTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if awaitingHead, headStarted == nil {
            let now = NIODeadline.now()
            headStarted = now
            if timer == nil { arm(context, at: now + headerTimeout) }
        }
        context.fireChannelRead(data)
    }

    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] () -> Void in
            guard let self else { return }
            self.timer = nil
            // Nothing awaited: the head this timer was armed for arrived; the next one arms it anew.
            guard self.awaitingHead, let started = self.headStarted else { return }
            let due = started + self.headerTimeout
            if NIODeadline.now() >= due {
                context.close(promise: nil)
            } else {
                self.arm(context, at: due)
            }
        }
    }

    /// The decoder produced a complete head: this request arrived in time.
    func headReceived() {
        awaitingHead = false
        headStarted = nil
    }

    /// The response is done; the next request's head is timed from its first byte.
    func responseFinished() {
        awaitingHead = true
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }
}
