import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One keep-alive connection to an upstream, created on the client connection's event loop so
/// request and response bytes never hop threads. It is the last handler of its channel's
/// pipeline (after TLS, when the upstream speaks HTTPS): requests go out as the bytes the gateway
/// encoded, and answers are read by `UpstreamResponseParser`, their parts going to its
/// `UpstreamAnswerListener`.
final class UpstreamConnection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Receives the parts of the answer to the request in flight.
    enum Event {
        case head(UpstreamResponseHead)
        case body(ByteBuffer)
        case end
        case failed(any Error)
    }

    let channel: any Channel
    let target: UpstreamTarget
    /// Weak: the listener holds its connection while the request is in flight, not the other way.
    private(set) weak var listener: (any UpstreamAnswerListener)?
    /// The listener's number for the request in flight, given back with every event.
    private var listenerAttempt = 0
    /// Whether the last answer allowed reuse.
    var reusable = true
    private var parser = UpstreamResponseParser(dropping: HeaderNames.notReturned)
    private var context: ChannelHandlerContext?
    /// Set while `parser` reads, and when the connection closed meanwhile (see `channelRead`).
    private var parsing = false
    private var closedWhileParsing = false

    private init(channel: any Channel, target: UpstreamTarget) {
        self.channel = channel
        self.target = target
    }

    /// Sends one encoded request, head and body, in one write; the parts of its answer go to
    /// `listener`, with `attempt`. The answer has no body when `method` is HEAD.
    func send(method: HTTPMethod, encoded: ByteBuffer, to listener: any UpstreamAnswerListener, attempt: Int) {
        self.listener = listener
        listenerAttempt = attempt
        parser.expectAnswer(bodyAllowed: method != .HEAD)
        guard let context else { return channel.writeAndFlush(encoded, promise: nil) }
        context.writeAndFlush(wrapOutboundOut(encoded), promise: nil)
    }

    /// Nobody is told about this connection's events any more (the attempt was abandoned).
    func dropListener() { listener = nil }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The listener runs while the parser is mid-parse: it may close this connection (an
        // answer that is retried elsewhere), which NIO reports at once, and at the end of an
        // answer it may send the next request. Both touch the parser, so the close is handled
        // and the end delivered once the parser is done with these bytes.
        parsing = true
        var ended: Bool?
        var failure: HTTPWireError?
        do {
            try parser.parse(unwrapInboundIn(data)) { event in
                switch event {
                case .head(let head): listener?.upstreamEvent(.head(head), connection: self, attempt: listenerAttempt)
                case .body(let buffer): listener?.upstreamEvent(.body(buffer), connection: self, attempt: listenerAttempt)
                case .end(let reusable): ended = reusable
                }
            }
        } catch {
            failure = error
        }
        parsing = false
        if let ended { endAnswer(reusable: ended) }
        if let failure { fail(failure, context: context) }
        if closedWhileParsing {
            closedWhileParsing = false
            connectionClosed()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        reusable = false
        if parsing {
            closedWhileParsing = true
        } else {
            connectionClosed()
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    /// The connection is gone: an answer running to the close ends; any other is cut short.
    private func connectionClosed() {
        do {
            try parser.inputClosed { event in
                if case .end = event { endAnswer(reusable: false) }
            }
        } catch {
            report(error)
        }
        // Closed with nothing (more) to say: a request sent and no answer, or half of one.
        report(ChannelError.eof)
    }

    private func endAnswer(reusable: Bool) {
        self.reusable = self.reusable && reusable
        let listener = listener
        self.listener = nil
        listener?.upstreamEvent(.end, connection: self, attempt: listenerAttempt)
    }

    /// Tells the listener, if any is left, that its answer failed.
    private func report(_ error: any Error) {
        reusable = false
        guard let listener else { return }
        self.listener = nil
        listener.upstreamEvent(.failed(error), connection: self, attempt: listenerAttempt)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        report(error)
        context.close(promise: nil)
    }

    /// Opens a connection to `target` on `eventLoop`, TLS first when it is HTTPS.
    static func connect(to target: UpstreamTarget, on eventLoop: any EventLoop) -> EventLoopFuture<UpstreamConnection> {
        let sslContext: NIOSSLContext?
        do {
            sslContext = try target.tls?.get()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
        let serverHostname = UpstreamTLS.serverHostname(target.host)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(target.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let sslContext {
                        try sync.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname))
                    }
                    try sync.addHandler(UpstreamConnection(channel: channel, target: target))
                }
            }
        return bootstrap.connect(host: target.host, port: target.port).flatMapThrowing { channel in
            try channel.pipeline.syncOperations.handler(type: UpstreamConnection.self)
        }
    }
}
