import NIOCore
import NIOPosix

/// A raw TCP connection for tests that send what no HTTP client would: garbage, huge headers,
/// half requests. Collects whatever comes back until the peer closes or a deadline passes.
final class RawSocket: @unchecked Sendable {
    private let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(port: Int) async throws -> RawSocket {
        try await connect(port: port, sending: nil)
    }

    /// Connects and writes `first` from the event loop the moment the connection is up, for tests
    /// whose server times the gap: a test task can wait a second or more for a thread of the shared
    /// pool while other suites run, which a separate `send` would add to that gap.
    static func connect(port: Int, sending first: String?) async throws -> RawSocket {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port)
            .flatMap { channel in
                guard let first else { return channel.eventLoop.makeSucceededFuture(channel) }
                return channel.writeAndFlush(ByteBuffer(string: first)).map { channel }
            }
            .get()
        return RawSocket(channel: channel, collector: collector)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// What arrived within `seconds`, and whether the server closed the connection.
    func received(within seconds: Double) async throws -> (text: String, closed: Bool) {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            let (text, closed) = try await channel.eventLoop.submit { [collector] in (collector.text, collector.closed) }.get()
            if closed { return (text, true) }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await channel.eventLoop.submit { [collector] in (collector.text, collector.closed) }.get()
    }

    func close() async {
        try? await channel.close()
    }

    private final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var text = ""
        var closed = false

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            text += String(buffer: unwrapInboundIn(data))
        }

        func channelInactive(context: ChannelHandlerContext) {
            closed = true
        }
    }
}
