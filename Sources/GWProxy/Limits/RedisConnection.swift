import NIOCore
import NIOPosix

/// One connection to the limits store's Redis, made on the event loop whose requests use it, so a
/// limit check never hops threads.
final class RedisConnection {
    let channel: any Channel
    private let replies: RedisReplyHandler

    private init(channel: any Channel, replies: RedisReplyHandler) {
        self.channel = channel
        self.replies = replies
    }

    var isActive: Bool { channel.isActive }

    /// When the oldest command still unanswered was sent (a Redis that stopped answering shows here).
    var oldestUnansweredSince: NIODeadline? { replies.oldestUnansweredSince }

    /// Sends one command (its name first); the future has its reply, an error reply included.
    func send(_ arguments: [String]) -> EventLoopFuture<RESPValue> {
        var command = channel.allocator.buffer(capacity: 64 + arguments.reduce(0) { $0 + $1.utf8.count + 16 })
        RESPCommand.write(arguments, into: &command)
        let reply = channel.eventLoop.makePromise(of: RESPValue.self)
        replies.send(command, reply: reply)
        return reply.futureResult
    }

    func close() { channel.close(promise: nil) }

    /// Connects to the store `configuration` names, on `eventLoop`, and selects its database.
    static func connect(to configuration: SharedLimitsConfiguration, on eventLoop: any EventLoop) -> EventLoopFuture<RedisConnection> {
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(ByteToMessageHandler(RESPDecoder()))
                    try sync.addHandler(RedisReplyHandler())
                }
            }
        let database = configuration.database
        let connected = eventLoop.makePromise(of: RedisConnection.self)
        bootstrap.connect(host: configuration.host, port: configuration.port).flatMapThrowing { channel in
            RedisConnection(channel: channel, replies: try channel.pipeline.syncOperations.handler(type: RedisReplyHandler.self))
        }
        .assumeIsolated()
        .whenComplete { result in
            switch result {
            case .failure(let error):
                connected.fail(error)
            case .success(let connection) where database == 0:
                connected.assumeIsolated().succeed(connection)
            case .success(let connection):
                connection.send(["SELECT", String(database)]).assumeIsolated().whenComplete { reply in
                    if case .success(.simpleString) = reply {
                        connected.assumeIsolated().succeed(connection)
                        return
                    }
                    connection.close()
                    switch reply {
                    case .success(let other):
                        connected.fail(RedisClientError.server("\(other.text ?? "an unexpected reply") to SELECT \(database)"))
                    case .failure(let error): connected.fail(error)
                    }
                }
            }
        }
        return connected.futureResult
    }
}
