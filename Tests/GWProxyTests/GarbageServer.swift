import NIOCore
import NIOPosix

/// A TCP server that answers anything with bytes that are not HTTP, then closes: a broken upstream.
final class GarbageServer: Sendable {
    private let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    private init(channel: any Channel) {
        self.channel = channel
    }

    static func start() async throws -> GarbageServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Responder()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return GarbageServer(channel: channel)
    }

    func stop() async throws {
        try await channel.close()
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "\u{0}\u{1}garbage that is not HTTP\r\n\r\n")))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
