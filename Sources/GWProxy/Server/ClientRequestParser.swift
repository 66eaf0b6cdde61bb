import NIOCore
import NIOHTTP1

/// Reads HTTP/1.1 requests off a client connection: the bytes read are appended as they arrive,
/// and `parse` hands on each request's head and body pieces and stops at the request's end, so
/// pipelined requests wait, unparsed, until the one before them is answered.
///
/// The gateway parses requests itself, as it does upstream answers (`UpstreamResponseParser`):
/// NIO's decoder made two `String`s of every header and an `HTTPHeaders` of every head, of which
/// the gateway reads four fields and forwards the rest as bytes.
///
/// What it accepts is RFC 9112 for a server: empty lines before a request line are skipped; the
/// request line is `METHOD target HTTP/1.x` (a token, then visible bytes, then the version);
/// fields are checked by `HTTPHeadReader`. The body is framed by `content-length` or by
/// `transfer-encoding` ending in `chunked`; a request with both, with conflicting lengths, or with
/// any other transfer coding is refused (400, and the connection closes): those are how requests
/// are smuggled past proxies. A head over `HTTPHeadReader.headLimit` is refused too (431).
struct ClientRequestParser {
    enum Event {
        case head(ClientRequestHead)
        case body(ByteBuffer)
    }

    private enum State {
        case head
        case body(HTTPBodyReader)
        case broken
    }

    private var state = State.head
    /// Bytes read and not parsed yet: the rest of this request, or the ones pipelined behind it.
    private var buffered: ByteBuffer?

    /// How many bytes wait to be parsed.
    var bufferedBytes: Int { buffered?.readableBytes ?? 0 }

    /// Keeps bytes just read for `parse`.
    mutating func append(_ bytes: ByteBuffer) {
        guard bytes.readableBytes > 0 else { return }
        if buffered == nil || buffered?.readableBytes == 0 {
            buffered = bytes
        } else {
            var bytes = bytes
            buffered!.writeBuffer(&bytes)
        }
    }

    /// Parses the bytes kept so far: a head and pieces of its body go to `emit`. Returns true when
    /// a request ended; the bytes after it stay kept for the next call. False: more bytes are needed.
    mutating func parse(emit: (Event) -> Void) throws(HTTPWireError) -> Bool {
        guard var input = buffered else { return false }
        buffered = nil  // parsed in place, not copied (the pieces handed on are slices of it)
        defer { if input.readableBytes > 0 { buffered = input } }
        do {
            return try parse(&input, emit: emit)
        } catch {
            state = .broken
            input.clear()
            throw error
        }
    }

    private mutating func parse(_ input: inout ByteBuffer, emit: (Event) -> Void) throws(HTTPWireError) -> Bool {
        while true {
            switch state {
            case .broken:
                input.clear()
                return false
            case .head:
                // Empty lines before a request line are skipped (RFC 9112 §2.2).
                while let byte = input.getInteger(at: input.readerIndex, as: UInt8.self), byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                    input.moveReaderIndex(forwardBy: 1)
                }
                guard input.readableBytes > 0 else { return false }
                guard let headLength = HTTPHeadReader.headLength(input) else {
                    guard input.readableBytes < HTTPHeadReader.headLimit else { throw .headTooLarge }
                    return false
                }
                guard headLength <= HTTPHeadReader.headLimit else { throw .headTooLarge }
                let (head, framing) = try ClientRequestParser.parseHead(input.readSlice(length: headLength)!)
                emit(.head(head))
                state = .body(HTTPBodyReader(framing))
            case .body(var reader):
                state = .head  // the reader is mutated outside the enum, not copied on every piece
                let done = try reader.read(&input) { emit(.body($0)) }
                guard done else {
                    state = .body(reader)
                    return false
                }
                return true
            }
        }
    }

    /// Parses a whole head (request line, field lines, blank line).
    private static func parseHead(_ head: ByteBuffer) throws(HTTPWireError) -> (ClientRequestHead, HTTPBodyReader.Framing) {
        let parsed: Result<(ClientRequestHead, HTTPBodyReader.Framing), HTTPWireError> = head.withUnsafeReadableBytes { bytes in
            var reader = HTTPHeadReader(base: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            do throws(HTTPWireError) {
                let (method, uri, path, minorVersion) = try requestLine(reader, reader.nextLine())
                let fieldsStart = reader.index
                var framing = HTTPFramingFields()
                var facts = RequestHeadFacts()
                var fieldCount = 0
                while true {
                    let line = reader.nextLine()
                    if line.isEmpty { break }
                    fieldCount += 1
                    let (name, value) = try reader.field(line)
                    if try framing.note(reader, name: name, value: value) { continue }
                    note(reader, name: name, value: value, in: &facts)
                }
                if framing.hasTransferEncoding, !framing.chunked { throw .unsupportedTransferEncoding }
                facts.contentLength = framing.contentLength
                facts.expectsContinue = facts.expectsContinue && minorVersion >= 1
                let bodyFraming: HTTPBodyReader.Framing =
                    if framing.chunked { .chunked } else if let length = framing.contentLength { .length(length) } else { .empty }
                let request = ClientRequestHead(
                    method: method, uri: uri, path: path, version: HTTPVersion(major: 1, minor: minorVersion),
                    isKeepAlive: framing.keepsAlive(minorVersion: minorVersion), facts: facts,
                    fields: head.getSlice(at: head.readerIndex + fieldsStart, length: head.readableBytes - fieldsStart)!,
                    fieldCount: fieldCount)
                return .success((request, bodyFraming))
            } catch {
                return .failure(error)
            }
        }
        return try parsed.get()
    }

    /// Notes the fields the gateway reads itself (the first of each, as before).
    private static func note(_ reader: HTTPHeadReader, name: Range<Int>, value: Range<Int>, in facts: inout RequestHeadFacts) {
        func text() -> String { String(decoding: reader.bytes(value), as: UTF8.self) }
        switch name.count {
        case 12 where reader.nameIs(name, "x-request-id"): if facts.requestID == nil { facts.requestID = text() }
        case 13 where reader.nameIs(name, "authorization"): if facts.authorization == nil { facts.authorization = text() }
        case 9 where reader.nameIs(name, "x-api-key"): if facts.apiKey == nil { facts.apiKey = text() }
        case 6 where reader.nameIs(name, "expect"):
            facts.expectsContinue = HTTPHeadReader.equalFolded(reader.bytes(value), "100-continue")
        case 17 where reader.nameIs(name, "anthropic-version"): facts.hasAnthropicVersion = true
        default: break
        }
    }

    /// The method named by `token`: POST and GET without making a string first (HTTPMethod's
    /// init switches over every method's name).
    private static func method(_ token: UnsafeRawBufferPointer) -> HTTPMethod {
        if token.count == 4, HTTPHeadReader.hasPrefix(token, "POST") { return .POST }
        if token.count == 3, HTTPHeadReader.hasPrefix(token, "GET") { return .GET }
        return HTTPMethod(rawValue: String(decoding: token, as: UTF8.self))
    }

    /// `METHOD target HTTP/1.x`: a token, one space, visible bytes, one space, the version.
    private static func requestLine(_ reader: HTTPHeadReader, _ line: Range<Int>) throws(HTTPWireError)
        -> (method: HTTPMethod, uri: String, path: String, minorVersion: Int)
    {
        let bytes = reader.bytes(line)
        guard let firstSpace = bytes.firstIndex(of: UInt8(ascii: " ")), firstSpace > 0 else { throw .malformedRequestLine }
        for byte in bytes[..<firstSpace] where !HTTPHeadReader.isTokenByte(byte) { throw .malformedRequestLine }
        let targetStart = firstSpace + 1
        guard let secondSpace = bytes[targetStart...].firstIndex(of: UInt8(ascii: " ")), secondSpace > targetStart else {
            throw .malformedRequestLine
        }
        for byte in bytes[targetStart..<secondSpace] where byte <= 0x20 || byte == 0x7F { throw .malformedRequestLine }
        let version = UnsafeRawBufferPointer(rebasing: bytes[(secondSpace + 1)...])
        guard version.count == 8, HTTPHeadReader.hasPrefix(version, "HTTP/1."), version[7] &- UInt8(ascii: "0") < 10 else {
            throw .malformedRequestLine
        }
        let method = method(UnsafeRawBufferPointer(rebasing: bytes[..<firstSpace]))
        let target = bytes[targetStart..<secondSpace]
        let uri = String(decoding: target, as: UTF8.self)
        // The path, for routing: the target up to its query, cut here where the bytes are at hand.
        let path: String
        if let question = target.firstIndex(of: UInt8(ascii: "?")) {
            path = question > targetStart
                ? String(decoding: bytes[targetStart..<question], as: UTF8.self)
                : uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri  // `?…`: the old splitting rule
        } else {
            path = uri
        }
        return (method, uri, path, Int(version[7] - UInt8(ascii: "0")))
    }
}
