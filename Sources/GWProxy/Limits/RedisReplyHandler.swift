import NIOCore

/// The end of a Redis connection's pipeline: writes commands and hands each reply to the promise of
/// the command it answers. Redis answers in order, so the promises wait in a queue; commands are
/// pipelined (sent without waiting for earlier answers).
final class RedisReplyHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = RESPValue
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var reply: EventLoopPromise<RESPValue>
        var sent: NIODeadline
    }

    private var context: ChannelHandlerContext?
    private var pending = CircularBuffer<Pending>(initialCapacity: 16)

    /// When the oldest command still unanswered was sent; nil when every command has its answer.
    var oldestUnansweredSince: NIODeadline? { pending.first?.sent }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        failAll(RedisClientError.connectionClosed)
    }

    /// Writes one encoded command; `reply` gets its answer (an error reply too, as `.error`).
    func send(_ command: ByteBuffer, reply: EventLoopPromise<RESPValue>) {
        guard let context, context.channel.isActive else {
            reply.fail(RedisClientError.connectionClosed)
            return
        }
        pending.append(Pending(reply: reply, sent: .now()))
        context.writeAndFlush(wrapOutboundOut(command), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        guard let first = pending.popFirst() else {
            // A reply to nothing: the stream is out of step, and no later reply can be trusted.
            context.close(promise: nil)
            return
        }
        first.reply.succeed(value)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisClientError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        while let next = pending.popFirst() { next.reply.fail(error) }
    }
}
