import NIOCore
import NIOHTTP1
import NIOPosix

/// The gateway's data listener: HTTP/1.1 keep-alive on NIO, one `GatewayHandler` per connection,
/// serving whatever revisions `state` holds.
public final class GatewayServer: Sendable {
    public let state: GatewayState
    public let configuration: GatewayConfiguration
    private let group: any EventLoopGroup
    private let channel: any Channel
    /// Idle upstream connections per event loop, and the `max_connections` budget.
    let upstreams: UpstreamPools
    /// Whether `group` was made for this server (and is shut down with it).
    private let ownsGroup: Bool
    /// The server's subscription to `state`'s revisions (its budget follows their limits).
    private let revisionObserver: UInt64

    /// The address the server listens on (with the real port when started on port 0).
    public var localAddress: SocketAddress? { channel.localAddress }
    public var port: Int? { channel.localAddress?.port }

    private init(
        state: GatewayState, configuration: GatewayConfiguration, group: any EventLoopGroup, channel: any Channel,
        upstreams: UpstreamPools, ownsGroup: Bool, revisionObserver: UInt64
    ) {
        self.revisionObserver = revisionObserver
        self.upstreams = upstreams
        self.state = state
        self.configuration = configuration
        self.group = group
        self.channel = channel
        self.ownsGroup = ownsGroup
    }

    /// Binds `host:port` and serves on `threads` event loops of its own (nil: the process-wide
    /// group, one loop per core).
    public static func start(
        host: String, port: Int, state: GatewayState, configuration: GatewayConfiguration = GatewayConfiguration(), threads: Int?
    ) async throws -> GatewayServer {
        guard let threads else { return try await start(host: host, port: port, state: state, configuration: configuration) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        do {
            return try await start(host: host, port: port, state: state, configuration: configuration, group: group, ownsGroup: true)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Binds `host:port` (port 0 picks a free one) and starts serving.
    public static func start(
        host: String, port: Int, state: GatewayState, configuration: GatewayConfiguration = GatewayConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> GatewayServer {
        try await start(host: host, port: port, state: state, configuration: configuration, group: group, ownsGroup: false)
    }

    private static func start(
        host: String, port: Int, state: GatewayState, configuration: GatewayConfiguration, group: any EventLoopGroup, ownsGroup: Bool
    ) async throws -> GatewayServer {
        let upstreams = UpstreamPools(metrics: state.metrics)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // One handler: the gateway parses requests and encodes answers itself, answers
                    // pipelined requests in order, and times slow and idle clients (SlowClientClock).
                    try channel.pipeline.syncOperations.addHandler(
                        GatewayHandler(
                            state: state, configuration: configuration, upstreams: upstreams,
                            upstreamPool: upstreams.pool(for: channel.eventLoop)))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        // `max_connections` follows the live revisions: a lowered limit closes what is too many.
        let observer = state.observeRevisions { [weak upstreams] revisions in upstreams?.follow(revisions) }
        return GatewayServer(
            state: state, configuration: configuration, group: group, channel: channel, upstreams: upstreams, ownsGroup: ownsGroup,
            revisionObserver: observer)
    }

    /// Stops accepting connections; requests in flight finish.
    public func stop() async throws {
        state.stopObserving(revisionObserver)
        try await channel.close()
        // Idle upstream connections outlive the client connections that used them; not the server.
        upstreams.closeIdle()
        // Its connections to a shared limits store close on their loops (checks still in flight
        // fail open), before the loops themselves may go.
        state.sharedLimits?.shutDown()
        if ownsGroup { try await group.shutdownGracefully() }
    }
}
