/// One reply of a Redis server in RESP2, the protocol every Redis since 2.0 speaks.
enum RESPValue: Sendable, Equatable {
    case simpleString(String)
    /// `-ERR ...`, `-NOSCRIPT ...`: the command failed; the connection is still usable.
    case error(String)
    case integer(Int64)
    /// nil is the null bulk string (`$-1`).
    case bulkString([UInt8]?)
    /// nil is the null array (`*-1`).
    case array([RESPValue]?)

    /// The text of a simple or bulk string; nil for anything else.
    var text: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes?): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }
}
