import NIOCore
import NIOHTTP1

/// One keep-alive connection of a load lane: writes one request at a time and tells the lane how
/// it ended (response, timeout, reset). Lives on its lane's event loop, like the lane.
final class LoadConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// The request on the wire, with the times its latencies are measured from.
    private struct InFlight {
        var intended: UInt64
        var sent: UInt64
        var status: Int?
        var firstByte: UInt64?
        var timeout: Scheduled<Void>?
    }

    /// Set once the connection is up; nil while connecting, so an early close reaches nobody.
    weak var lane: LoadLane?
    private var context: ChannelHandlerContext?
    private var inFlight: InFlight?
    private var keepAlive = true

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes one request and returns when it was written (uptime nanoseconds), or nil when the
    /// connection is already gone.
    func send(intended: UInt64, head: HTTPRequestHead, body: ByteBuffer?, timeout: TimeAmount) -> UInt64? {
        guard let context, context.channel.isActive else { return nil }
        let now = NIODeadline.now().uptimeNanoseconds
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] () -> Void in
            self?.timedOut()
        }
        inFlight = InFlight(intended: intended, sent: now, status: nil, firstByte: nil, timeout: timer)
        keepAlive = true
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        return now
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // A 1xx head is followed by the real one; only the final status counts.
            guard head.status.code >= 200 else { return }
            inFlight?.status = Int(head.status.code)
            keepAlive = head.isKeepAlive
        case .body(let buffer):
            if inFlight != nil, inFlight?.firstByte == nil, buffer.readableBytes > 0 {
                inFlight?.firstByte = NIODeadline.now().uptimeNanoseconds
            }
        case .end:
            guard let request = inFlight else { return }
            inFlight = nil
            request.timeout?.cancel()
            let end = NIODeadline.now().uptimeNanoseconds
            lane?.responseReceived(
                on: self, status: request.status ?? 0, intended: request.intended, sent: request.sent,
                firstByte: request.firstByte, end: end, reusable: keepAlive)
            if !keepAlive { context.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let request = inFlight {
            inFlight = nil
            request.timeout?.cancel()
            lane?.requestFailed(on: self, kind: .reset)
        }
        lane?.connectionClosed(self)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let request = inFlight {
            inFlight = nil
            request.timeout?.cancel()
            lane?.requestFailed(on: self, kind: LoadErrorKind.classify(error))
        }
        context.close(promise: nil)
    }

    private func timedOut() {
        guard inFlight != nil else { return }
        inFlight = nil
        lane?.requestFailed(on: self, kind: .timeout)
        context?.close(promise: nil)
    }

    /// Closes without reporting the request in flight: the run is over and has counted it.
    func abandon() {
        inFlight?.timeout?.cancel()
        inFlight = nil
        lane = nil
        context?.close(promise: nil)
    }
}
