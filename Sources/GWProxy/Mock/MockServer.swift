import GWPlan
import NIOCore
import NIOHTTP1
import NIOPosix

/// `gwpipe mock`: a standalone OpenAI/Anthropic-compatible upstream that answers every path the
/// way `MockResponder` does, for benchmarks and for pointing real clients at a fake provider.
public final class MockServer: Sendable {
    private let channel: any Channel

    public var port: Int? { channel.localAddress?.port }

    private init(channel: any Channel) {
        self.channel = channel
    }

    public static func start(
        host: String, port: Int, behavior: MockBehavior, name: String = "mock",
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MockServer {
        let responder = MockResponder(behavior: behavior, name: name)
        let started = NIODeadline.now()
        let counter = RequestCounter()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        MockServerHandler(responder: responder, started: started, counter: counter))
                }
            }
            .bind(host: host, port: port).get()
        return MockServer(channel: channel)
    }

    public func stop() async throws {
        try await channel.close()
    }
}

/// Answers one connection's requests with the mock responder.
final class MockServerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let responder: MockResponder
    let started: NIODeadline
    let counter: RequestCounter
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var random = SystemRandomNumberGenerator()

    init(responder: MockResponder, started: NIODeadline, counter: RequestCounter) {
        self.responder = responder
        self.started = started
        self.counter = counter
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            if body.count < 16 * 1024 * 1024 { body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? []) }
        case .end:
            guard let head else { return }
            self.head = nil
            let found = try? JSONBodyScanner.scan(body)
            let reply = responder.reply(
                path: head.uri, model: found?.model, stream: found?.stream ?? false, promptBytes: body.count,
                elapsedMs: Double((NIODeadline.now() - started).nanoseconds) / 1e6, sequence: counter.next(), random: &random,
                inputCount: found?.inputCount ?? 1)
            let keepAlive = head.isKeepAlive
            if case .hang = reply.body { return }
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(reply.delayNanos)) { [weak self] in
                self?.send(reply, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func send(_ reply: MockReply, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: reply.contentType)
        headers.add(name: "x-gwpipe-mock", value: responder.name)
        if !keepAlive { headers.add(name: "connection", value: "close") }
        switch reply.body {
        case .full(let bytes):
            headers.add(name: "content-length", value: String(bytes.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: reply.status), headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
            end(keepAlive: keepAlive, context: context)
        case .stream(let chunks, let interval):
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: reply.status), headers: headers))), promise: nil)
            streamChunks(chunks[...], interval: interval, keepAlive: keepAlive, context: context)
        case .hang:
            break
        }
    }

    private func streamChunks(_ chunks: ArraySlice<[UInt8]>, interval: Int64, keepAlive: Bool, context: ChannelHandlerContext) {
        guard let chunk = chunks.first, context.channel.isActive else {
            end(keepAlive: keepAlive, context: context)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: chunk)))), promise: nil)
        let rest = chunks.dropFirst()
        guard !rest.isEmpty else {
            end(keepAlive: keepAlive, context: context)
            return
        }
        context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(interval)) { [weak self] in
            self?.streamChunks(rest, interval: interval, keepAlive: keepAlive, context: context)
        }
    }

    private func end(keepAlive: Bool, context: ChannelHandlerContext) {
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
