import NIOCore

/// Reads RESP2 replies off the front of a buffer, leaving it untouched while a reply is incomplete.
/// Bounded: the gateway only ever receives short replies, so a huge length means a broken peer.
enum RESPParser {
    static let maxBulkBytes = 1 << 20
    static let maxArrayCount = 1 << 16
    static let maxDepth = 8

    /// The reply at the reader index, which moves past it; nil (nothing consumed) until all of it arrived.
    static func parse(_ buffer: inout ByteBuffer) throws -> RESPValue? {
        var cursor = buffer
        guard let value = try value(&cursor, depth: 0) else { return nil }
        buffer.moveReaderIndex(to: cursor.readerIndex)
        return value
    }

    private static func value(_ buffer: inout ByteBuffer, depth: Int) throws -> RESPValue? {
        guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return nil }
        var rest = buffer
        rest.moveReaderIndex(forwardBy: 1)
        guard let line = try line(&rest) else { return nil }
        let parsed: RESPValue
        switch type {
        case UInt8(ascii: "+"):
            parsed = .simpleString(line)
        case UInt8(ascii: "-"):
            parsed = .error(line)
        case UInt8(ascii: ":"):
            guard let number = Int64(line) else { throw RedisClientError.protocolViolation("integer '\(line.prefix(20))'") }
            parsed = .integer(number)
        case UInt8(ascii: "$"):
            guard let length = Int(line), length >= -1, length <= maxBulkBytes else {
                throw RedisClientError.protocolViolation("bulk length '\(line.prefix(20))'")
            }
            if length == -1 {
                parsed = .bulkString(nil)
            } else {
                guard rest.readableBytes >= length + 2, let bytes = rest.readBytes(length: length) else { return nil }
                guard rest.readInteger(as: UInt16.self) == 0x0D0A else {
                    throw RedisClientError.protocolViolation("bulk string not ended by CRLF")
                }
                parsed = .bulkString(bytes)
            }
        case UInt8(ascii: "*"):
            guard let count = Int(line), count >= -1, count <= maxArrayCount, depth < maxDepth else {
                throw RedisClientError.protocolViolation("array of '\(line.prefix(20))' at depth \(depth)")
            }
            if count == -1 {
                parsed = .array(nil)
            } else {
                var elements: [RESPValue] = []
                elements.reserveCapacity(count)
                for _ in 0..<count {
                    guard let element = try value(&rest, depth: depth + 1) else { return nil }
                    elements.append(element)
                }
                parsed = .array(elements)
            }
        default:
            throw RedisClientError.protocolViolation("type byte \(type)")
        }
        buffer = rest
        return parsed
    }

    /// The text up to the next CRLF, which is consumed with it; nil while the CRLF has not arrived.
    private static func line(_ buffer: inout ByteBuffer) throws -> String? {
        let view = buffer.readableBytesView
        guard let cr = view.firstIndex(of: 0x0D) else {
            if view.count > 64 * 1024 { throw RedisClientError.protocolViolation("line without CRLF") }
            return nil
        }
        let lf = view.index(after: cr)
        guard lf < view.endIndex else { return nil }
        guard view[lf] == 0x0A else { throw RedisClientError.protocolViolation("CR without LF") }
        let text = buffer.readString(length: cr - view.startIndex) ?? ""
        buffer.moveReaderIndex(forwardBy: 2)
        return text
    }
}
