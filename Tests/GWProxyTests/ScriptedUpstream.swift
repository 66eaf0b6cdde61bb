import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// An upstream that answers every request it reads with the same raw bytes, written as given (so
/// a test can send framings and headers NIO's encoder would not), and counts its connections.
/// A request is taken to end at its blank line plus its `content-length`.
final class ScriptedUpstream: Sendable {
    private let channel: any Channel
    private let connectionCount: NIOLockedValueBox<Int>
    var port: Int { channel.localAddress!.port! }
    /// Connections accepted so far.
    var connections: Int { connectionCount.withLockedValue { $0 } }

    private init(channel: any Channel, connections: NIOLockedValueBox<Int>) {
        self.channel = channel
        self.connectionCount = connections
    }

    static func start(answering answer: String) async throws -> ScriptedUpstream {
        let connections = NIOLockedValueBox(0)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                connections.withLockedValue { $0 += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Responder(answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedUpstream(channel: channel, connections: connections)
    }

    func stop() async throws {
        try await channel.close()
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let answer: String
        private var pending: [UInt8] = []

        init(answer: String) {
            self.answer = answer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            pending += Array(unwrapInboundIn(data).readableBytesView)
            while let length = Self.requestLength(pending) {
                pending.removeFirst(length)
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: answer)), promise: nil)
            }
        }

        /// The length of the first whole request in `bytes`, or nil while it is incomplete.
        private static func requestLength(_ bytes: [UInt8]) -> Int? {
            let blank = Array("\r\n\r\n".utf8)
            guard bytes.count >= 4, let end = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<($0 + 4)]) == blank }) else {
                return nil
            }
            let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
            let length = head.components(separatedBy: "\r\n")
                .first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            let total = end + 4 + length
            return bytes.count >= total ? total : nil
        }
    }
}
