import NIOCore

/// Limits of the gateway's HTTP front: what a client may send and how long it may take.
public struct GatewayConfiguration: Sendable {
    /// Largest request body accepted; larger ones get 413 (a route's or revision's own limit wins when smaller).
    public var maxBodyBytes: Int
    /// A connection with no complete request for this long is closed (slow or idle clients).
    public var idleTimeout: TimeAmount
    /// A request head must arrive within this long of its first byte (slow clients are cut off).
    public var headerTimeout: TimeAmount

    public init(maxBodyBytes: Int = 4 * 1024 * 1024, idleTimeout: TimeAmount = .seconds(60), headerTimeout: TimeAmount = .seconds(10)) {
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
    }
}
