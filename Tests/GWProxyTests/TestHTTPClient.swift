import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 client for tests: one keep-alive connection, responses with the time each
/// body chunk arrived, so streaming can be asserted chunk by chunk.
final class TestHTTPClient: @unchecked Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: String
        /// Seconds after the request was sent at which each body chunk arrived.
        var chunkTimes: [Double]
        var chunks: [String]
    }

    private let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(port: Int) async throws -> TestHTTPClient {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return TestHTTPClient(channel: channel, collector: collector)
    }

    func request(
        _ method: HTTPMethod = .POST, _ path: String, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "host", value: "127.0.0.1")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        if let body {
            head.headers.add(name: "content-type", value: "application/json")
            head.headers.add(name: "content-length", value: String(body.utf8.count))
        }
        let promise = channel.eventLoop.makePromise(of: Response.self)
        let sent = NIODeadline.now()
        try await channel.eventLoop.submit { [collector] in
            collector.start(promise, sent: sent)
        }.get()
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: body))), promise: nil)
        }
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil))
        return try await promise.futureResult.get()
    }

    func close() async {
        try? await channel.close()
    }

    /// Gathers one response at a time.
    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart

        private var promise: EventLoopPromise<Response>?
        private var response = Response(status: 0, headers: HTTPHeaders(), body: "", chunkTimes: [], chunks: [])
        private var sent = NIODeadline.now()

        func start(_ promise: EventLoopPromise<Response>, sent: NIODeadline) {
            self.promise = promise
            self.sent = sent
            response = Response(status: 0, headers: HTTPHeaders(), body: "", chunkTimes: [], chunks: [])
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                response.status = Int(head.status.code)
                response.headers = head.headers
            case .body(let buffer):
                let text = String(buffer: buffer)
                response.body += text
                response.chunks.append(text)
                response.chunkTimes.append(Double((NIODeadline.now() - sent).nanoseconds) / 1e9)
            case .end:
                promise?.succeed(response)
                promise = nil
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise?.fail(ChannelError.eof)
            promise = nil
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise?.fail(error)
            promise = nil
            context.close(promise: nil)
        }
    }
}
