import Foundation
import NIOCore

/// Where the token buckets of `limit` statements live when several gateway processes share them
/// (an environment's `limits_store`), and how a gateway behaves when that Redis does not answer:
/// it fails open, serving the request unchecked, and says so at most once per `warningInterval`.
public struct SharedLimitsConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The Redis database selected on each connection.
    public var database: Int
    /// Longest a request waits for its limit check; past it, the request goes on unchecked.
    public var timeout: TimeAmount
    /// Longest a connection attempt may take (requests waiting on it still give up after `timeout`).
    public var connectTimeout: TimeAmount
    /// After a failed connection attempt, checks fail at once for this long rather than each
    /// waiting for a store that is down.
    public var reconnectDelay: TimeAmount
    /// A connection whose oldest command has waited this long is taken for stuck, closed and made anew.
    public var stuckAfter: TimeAmount
    /// Receives the warnings; standard error by default.
    public var warn: @Sendable (String) -> Void
    public var warningInterval: TimeAmount

    public init(
        host: String, port: Int, database: Int = 0, timeout: TimeAmount = .milliseconds(50),
        connectTimeout: TimeAmount = .seconds(1), reconnectDelay: TimeAmount = .seconds(1), stuckAfter: TimeAmount = .seconds(1),
        warningInterval: TimeAmount = .seconds(10), warn: @escaping @Sendable (String) -> Void = SharedLimitsConfiguration.standardError
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.reconnectDelay = reconnectDelay
        self.stuckAfter = stuckAfter
        self.warningInterval = warningInterval
        self.warn = warn
    }

    /// `redis://HOST:PORT/DB`, for messages; it holds no secret.
    public var url: String { "redis://\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }

    public static let standardError: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}
