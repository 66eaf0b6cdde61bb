import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// An OpenAI-compatible upstream for tests that answers each chat completion after `delay` and
/// counts the connections it holds open (now, at most at once, in all) and the requests it is
/// answering (at most at once).
final class CountingUpstream: Sendable {
    struct Counts: Sendable {
        var open = 0
        var peak = 0
        var accepted = 0
        var inFlight = 0
        var peakInFlight = 0
    }

    private let channel: any Channel
    private let counts: NIOLockedValueBox<Counts>
    var port: Int { channel.localAddress!.port! }
    var current: Counts { counts.withLockedValue { $0 } }

    private init(channel: any Channel, counts: NIOLockedValueBox<Counts>) {
        self.channel = channel
        self.counts = counts
    }

    /// `tls`: serve HTTPS with this context.
    static func start(delay: TimeAmount, tls: NIOSSLContext? = nil) async throws -> CountingUpstream {
        let counts = NIOLockedValueBox(Counts())
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Responder(delay: delay, counts: counts))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return CountingUpstream(channel: channel, counts: counts)
    }

    /// Starts the "at most at once" counts again from what is open and in flight now.
    func resetPeaks() {
        counts.withLockedValue { counts in
            counts.peak = counts.open
            counts.peakInFlight = counts.inFlight
        }
    }

    func stop() async throws {
        try await channel.close()
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        static let body = #"{"id":"c","object":"chat.completion","model":"gpt-4o-mini","choices":[],"usage":{"total_tokens":3}}"#
        let delay: TimeAmount
        let counts: NIOLockedValueBox<Counts>

        init(delay: TimeAmount, counts: NIOLockedValueBox<Counts>) {
            self.delay = delay
            self.counts = counts
        }

        func channelActive(context: ChannelHandlerContext) {
            counts.withLockedValue { counts in
                counts.open += 1
                counts.accepted += 1
                counts.peak = max(counts.peak, counts.open)
            }
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            counts.withLockedValue { $0.open -= 1 }
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            counts.withLockedValue { counts in
                counts.inFlight += 1
                counts.peakInFlight = max(counts.peakInFlight, counts.inFlight)
            }
            let counts = self.counts
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) {
                let (handler, context) = bound.value
                var head = HTTPResponseHead(version: .http1_1, status: .ok)
                head.headers.add(name: "content-type", value: "application/json")
                head.headers.add(name: "content-length", value: String(Responder.body.utf8.count))
                context.write(handler.wrapOutboundOut(.head(head)), promise: nil)
                context.write(handler.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: Responder.body)))), promise: nil)
                counts.withLockedValue { $0.inFlight -= 1 }
                context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
