import NIOCore
import NIOHTTP1

/// The head of a client's request as `ClientRequestParser` read it: the request line, the facts
/// the gateway decides on, and the field lines as they arrived (checked), which are read again
/// only by what needs them (forwarding, `when` predicates on headers), rather than turned into
/// strings for every request.
///
/// A class: the head travels from the parser through the read state and the routing into the
/// exchange, and copying a struct of strings and buffers at each step retained every one of them.
final class ClientRequestHead: Sendable {
    let method: HTTPMethod
    let uri: String
    /// `uri` up to its query: what routes match.
    let path: String
    let version: HTTPVersion
    /// Whether the client keeps the connection for another request.
    let isKeepAlive: Bool
    let facts: RequestHeadFacts
    /// The field lines and the blank line after them.
    let fields: ByteBuffer
    /// How many field lines `fields` holds.
    let fieldCount: Int

    init(
        method: HTTPMethod, uri: String, path: String, version: HTTPVersion, isKeepAlive: Bool, facts: RequestHeadFacts,
        fields: ByteBuffer, fieldCount: Int
    ) {
        self.method = method
        self.uri = uri
        self.path = path
        self.version = version
        self.isKeepAlive = isKeepAlive
        self.facts = facts
        self.fields = fields
        self.fieldCount = fieldCount
    }

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
