import NIOCore
import NIOPosix

/// Why a command to the limits store got no usable answer. None of them carries data sent to Redis.
enum RedisClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No answer within the command timeout.
    case timedOut
    /// The connection closed (or was never made) before the answer came.
    case connectionClosed
    /// No connection could be made (`reason`). Until the next attempt, commands fail with this at
    /// once rather than each waiting for a store that is down.
    case unreachable(reason: String)
    /// The bytes are not RESP2, or a reply came that no command asked for.
    case protocolViolation(String)
    /// An error reply (`-ERR ...`).
    case server(String)
    /// A well-formed reply of a shape the command never returns.
    case unexpectedReply

    /// Why a connection attempt failed, in a few words for the warning ("Connection refused")
    /// rather than NIO's whole account of every address it tried.
    static func reason(connecting error: any Error) -> String {
        if let connection = error as? NIOConnectionError {
            if let io = connection.connectionErrors.last?.error as? IOError {
                return "cannot connect: \(String(cString: strerror(io.errnoCode)))"
            }
            if connection.dnsAError != nil || connection.dnsAAAAError != nil { return "cannot resolve \(connection.host)" }
        }
        if case .connectTimeout? = error as? ChannelError { return "cannot connect: timed out" }
        return "\(error)"
    }

    var description: String {
        switch self {
        case .timedOut: "no answer in time"
        case .connectionClosed: "the connection closed"
        case .unreachable(let reason): reason
        case .protocolViolation(let detail): "not a Redis reply (\(detail))"
        case .server(let message): "Redis answered \(message)"
        case .unexpectedReply: "an unexpected reply"
        }
    }
}
