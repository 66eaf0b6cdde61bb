import NIOCore
import NIOHTTP1
import NIOPosix

/// The admin API of `gwpipe serve`, on its own listener (loopback by default): status, revision
/// upload, split, promote, rollback, flags, metrics. Every request needs the bearer token when one
/// is configured; `serve` refuses to listen beyond loopback without one.
public final class AdminServer: Sendable {
    private let channel: any Channel

    public var port: Int? { channel.localAddress?.port }

    private init(channel: any Channel) {
        self.channel = channel
    }

    public static func start(
        host: String, port: Int, control: EmbeddedGatewayControl, token: String?,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> AdminServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(AdminHandler(control: control, token: token))
                }
            }
            .bind(host: host, port: port).get()
        return AdminServer(channel: channel)
    }

    public func stop() async throws {
        try await channel.close()
    }
}
