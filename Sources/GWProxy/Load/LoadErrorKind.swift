import NIOCore
import NIOHTTP1
import NIOSSL

/// Why a load-generator request got no HTTP response, so a report can tell a refused connection
/// from a slow server from a dropped one.
public enum LoadErrorKind: String, Codable, Sendable, CaseIterable {
    /// The connection the request was waiting for could not be opened.
    case connect
    /// No complete response within the request timeout.
    case timeout
    /// The connection was closed or reset with the request in flight.
    case reset
    /// The server answered with something that is not HTTP/1.1 (or TLS failed).
    case `protocol`

    /// Classifies an error raised on a connection that had a request in flight.
    static func classify(_ error: any Error) -> LoadErrorKind {
        switch error {
        case is HTTPParserError, is NIOSSLError: .protocol
        default: .reset
        }
    }
}
