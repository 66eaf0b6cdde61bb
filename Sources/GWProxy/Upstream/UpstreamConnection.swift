import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One keep-alive connection to an upstream, created on the client connection's event loop so
/// request and response bytes never hop threads. Response parts go to whoever `listener` is.
final class UpstreamConnection {
    /// Receives the parts of the response to the request in flight.
    enum Event {
        case head(HTTPResponseHead)
        case body(ByteBuffer)
        case end
        case failed(any Error)
    }

    let channel: any Channel
    let target: UpstreamTarget
    /// The pipeline's writer, which sends each request's encoded bytes.
    private let writer: UpstreamRequestWriter
    var listener: ((Event) -> Void)?
    /// Whether the last response allowed reuse.
    var reusable = true

    init(channel: any Channel, target: UpstreamTarget, writer: UpstreamRequestWriter) {
        self.channel = channel
        self.target = target
        self.writer = writer
    }

    /// Sends one encoded request, head and body, in one write: its method goes down the pipeline
    /// for the response decoder, and the writer puts the bytes on the socket in its place.
    func send(method: HTTPMethod, encoded: ByteBuffer) {
        writer.pending = encoded
        channel.writeAndFlush(HTTPClientRequestPart.head(UpstreamRequestWriter.methodHead(method)), promise: nil)
    }

    /// The TLS client context every HTTPS upstream connection uses, made once: making one loads the
    /// system's trust roots, which cost more than the handshake it serves (it was made per connection).
    /// `NIOSSLContext` is meant to be shared across connections and threads.
    private static let tlsContext = Result { try NIOSSLContext(configuration: .makeClientConfiguration()) }

    /// Opens a connection to `target` on `eventLoop`.
    static func connect(to target: UpstreamTarget, on eventLoop: any EventLoop, connectTimeout: TimeAmount)
        -> EventLoopFuture<UpstreamConnection>
    {
        let sslContext: NIOSSLContext?
        if target.useTLS {
            do {
                sslContext = try tlsContext.get()
            } catch {
                return eventLoop.makeFailedFuture(error)
            }
        } else {
            sslContext = nil
        }
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let sslContext {
                        try sync.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: target.host))
                    }
                    // The gateway encodes requests itself (`UpstreamRequest`); NIO's decoder parses answers.
                    try sync.addHandler(UpstreamRequestWriter())
                    try sync.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
                    try sync.addHandler(UpstreamResponseHandler())
                }
            }
        return bootstrap.connect(host: target.host, port: target.port).flatMapThrowing { channel in
            let writer = try channel.pipeline.syncOperations.handler(type: UpstreamRequestWriter.self)
            let connection = UpstreamConnection(channel: channel, target: target, writer: writer)
            let handler = try channel.pipeline.syncOperations.handler(type: UpstreamResponseHandler.self)
            handler.connection = connection
            return connection
        }
    }
}

/// Delivers response parts of an upstream connection to its `UpstreamConnection`'s listener.
final class UpstreamResponseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    weak var connection: UpstreamConnection?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let connection else { return }
        switch unwrapInboundIn(data) {
        case .head(let head):
            connection.reusable = head.isKeepAlive
            connection.listener?(.head(head))
        case .body(let buffer):
            connection.listener?(.body(buffer))
        case .end:
            let listener = connection.listener
            connection.listener = nil
            listener?(.end)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection?.reusable = false
        if let listener = connection?.listener {
            connection?.listener = nil
            listener(.failed(ChannelError.eof))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        connection?.reusable = false
        if let listener = connection?.listener {
            connection?.listener = nil
            listener(.failed(error))
        }
        context.close(promise: nil)
    }
}
