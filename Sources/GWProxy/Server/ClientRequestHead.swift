import NIOCore
import NIOHTTP1

/// The head of a client's request as `ClientRequestParser` read it: the request line, the facts
/// the gateway decides on, and the field lines as they arrived (checked), which are read again
/// only by what needs them (forwarding, `when` predicates on headers), rather than turned into
/// strings for every request.
struct ClientRequestHead {
    var method: HTTPMethod
    var uri: String
    var version: HTTPVersion
    /// Whether the client keeps the connection for another request.
    var isKeepAlive: Bool
    var facts: RequestHeadFacts
    /// The field lines and the blank line after them.
    var fields: ByteBuffer
    /// How many field lines `fields` holds.
    var fieldCount: Int

    /// Calls `body` with the name and value (whitespace trimmed) of each field, in order.
    func forEachField(_ body: (_ name: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void) {
        fields.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            var reader = HTTPHeadReader(base: base, count: bytes.count)
            while reader.index < bytes.count {
                let line = reader.nextLine()
                if line.isEmpty { return }
                // Checked when the head was parsed.
                guard let (name, value) = reader.split(line) else { continue }
                body(reader.bytes(name), reader.bytes(value))
            }
        }
    }

    /// The fields by lowercased name (the last of repeated ones), for `when` predicates.
    func fieldsByLowercasedName() -> [String: String] {
        var fields: [String: String] = [:]
        forEachField { name, value in
            fields[String(decoding: name, as: UTF8.self).lowercased()] = String(decoding: value, as: UTF8.self)
        }
        return fields
    }
}
