import NIOCore

/// Reads HTTP/1.1 answers off an upstream connection as its bytes arrive: the head, the body in
/// pieces (slices of the bytes read, never copied, de-chunked when chunked), and the end.
///
/// The gateway parses upstream answers itself rather than through NIO's `HTTPResponseDecoder`
/// because this is the product's hot path: the decoder turns every header into two `String`s and
/// every head into an `HTTPHeaders`, which the gateway then only filtered and wrote back out as
/// bytes. Reading the head here and copying the header lines the client may see straight into a
/// buffer cut the instructions of a proxied request by a fifth (see `Benchmarks/RESULTS.md`, proxy).
///
/// Fields and bodies are read by `HTTPHeadReader` and `HTTPBodyReader` (RFC 9112 as a careful
/// proxy reads it); the status line is `HTTP/1.x NNN reason`. The body is framed by
/// `transfer-encoding: chunked`, by `content-length`, or by the end of the connection, and there
/// is none for an answer to HEAD, a 204 or a 304. Interim 1xx answers are skipped. An answer with
/// both `content-length` and `transfer-encoding`, or conflicting lengths, is refused (they are
/// how responses get smuggled), as is a head over `HTTPHeadReader.headLimit`. One request is in
/// flight at a time: bytes arriving when no answer is expected are an error, and bytes after an
/// answer in the same read leave the connection unfit for another request.
struct UpstreamResponseParser {
    /// What the parser found, in order: one `head`, any number of `body` pieces, one `end`.
    enum Event {
        case head(UpstreamResponseHead)
        case body(ByteBuffer)
        /// The answer is complete; `reusable` says whether the connection may carry another request
        /// (the upstream keeps it alive, the body was not ended by closing, no bytes followed it).
        case end(reusable: Bool)
    }

    private enum State {
        /// No request in flight.
        case idle
        case head
        case body(HTTPBodyReader)
        /// A failure was reported; nothing more is read.
        case broken
    }

    private var state = State.idle
    /// Whether the answer in flight may have a body (not when it answers a HEAD).
    private var bodyAllowed = true
    /// Whether the connection outlives the answer in flight (see `Event.end`).
    private var keepAlive = true
    /// The start of a head or a chunk line that has not arrived whole.
    private var partial: ByteBuffer?
    /// Header names (lowercase) left out of `UpstreamResponseHead.forwardedHeaders`.
    private let dropped: HeaderNameSet

    init(dropping dropped: HeaderNameSet) {
        self.dropped = dropped
    }

    /// Whether an answer is being read (a request was sent and its answer has not ended).
    var isAwaitingAnswer: Bool {
        switch state {
        case .idle, .broken: false
        default: true
        }
    }

    /// A request went out: its answer comes next. `bodyAllowed` is false for a HEAD request.
    mutating func expectAnswer(bodyAllowed: Bool) {
        guard case .idle = state else { return }
        self.bodyAllowed = bodyAllowed
        partial = nil
        state = .head
    }

    /// Parses the bytes just read, reporting what they complete to `emit`. An `end` is the last
    /// event of a call: bytes after it are not read (they make the connection unfit for reuse).
    mutating func parse(_ bytes: ByteBuffer, emit: (Event) -> Void) throws(HTTPWireError) {
        switch state {
        case .broken: return
        case .idle:
            guard bytes.readableBytes == 0 else {
                state = .broken
                throw .unexpectedBytes
            }
            return
        default: break
        }
        var input: ByteBuffer
        if var earlier = partial {
            partial = nil
            var bytes = bytes
            earlier.writeBuffer(&bytes)
            input = earlier
        } else {
            input = bytes
        }
        do {
            try parse(&input, emit: emit)
        } catch {
            state = .broken
            partial = nil
            throw error
        }
        if isAwaitingAnswer, input.readableBytes > 0 { partial = input }
    }

    /// The connection closed: ends an answer whose body runs to the close; an answer cut short
    /// is a failure.
    mutating func inputClosed(emit: (Event) -> Void) throws(HTTPWireError) {
        switch state {
        case .idle, .broken:
            return
        case .body(let reader) where reader.runsUntilClose:
            state = .idle
            emit(.end(reusable: false))
        default:
            state = .broken
            throw .unexpectedEnd
        }
    }

    private mutating func parse(_ input: inout ByteBuffer, emit: (Event) -> Void) throws(HTTPWireError) {
        while true {
            switch state {
            case .idle, .broken:
                return  // the answer ended (see `end`)
            case .head:
                guard let headLength = HTTPHeadReader.headLength(input) else {
                    guard input.readableBytes < HTTPHeadReader.headLimit else { throw .headTooLarge }
                    return
                }
                guard headLength <= HTTPHeadReader.headLimit else { throw .headTooLarge }
                let head = try UpstreamResponseParser.parseHead(input.readSlice(length: headLength)!, dropping: dropped)
                if (100..<200).contains(head.status) {
                    // An interim answer (100 Continue, 103 Early Hints): the real one follows.
                    // 101 would switch protocols, which the gateway never asks for.
                    guard head.status != 101 else { throw .unsupportedStatus(101) }
                    continue
                }
                keepAlive = head.keepAlive
                emit(.head(head))
                let framing: HTTPBodyReader.Framing
                if !bodyAllowed || head.status == 204 || head.status == 304 {
                    framing = .empty
                } else if head.chunked {
                    framing = .chunked
                } else if let length = head.facts.contentLength {
                    framing = .length(length)
                } else {
                    keepAlive = false
                    framing = .untilClose
                }
                state = .body(HTTPBodyReader(framing))
            case .body(var reader):
                state = .idle  // the reader is mutated outside the enum, not copied on every piece
                let done = try reader.read(&input) { emit(.body($0)) }
                guard done else {
                    state = .body(reader)
                    return
                }
                emit(.end(reusable: keepAlive && input.readableBytes == 0))
                return
            }
        }
    }

    /// Parses a whole head (status line, field lines, blank line), copying the field lines a
    /// client may see into one new buffer as it goes.
    private static func parseHead(_ head: ByteBuffer, dropping dropped: HeaderNameSet) throws(HTTPWireError) -> UpstreamResponseHead {
        var forwarded = ByteBufferAllocator().buffer(capacity: head.readableBytes)
        var result: Result<UpstreamResponseHead, HTTPWireError> = .failure(.malformedStatusLine)
        head.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            forwarded.writeWithUnsafeMutableBytes(minimumWritableBytes: bytes.count) { room in
                var out = WireBytes(room)
                do throws(HTTPWireError) {
                    result = .success(try readHead(HTTPHeadReader(base: base, count: bytes.count), dropping: dropped, into: &out))
                } catch {
                    result = .failure(error)
                }
                return out.count
            }
        }
        var parsed = try result.get()
        parsed.forwardedHeaders = forwarded
        return parsed
    }

    private static func readHead(
        _ reader: HTTPHeadReader, dropping dropped: HeaderNameSet, into out: inout WireBytes
    ) throws(HTTPWireError) -> UpstreamResponseHead {
        var reader = reader
        let (status, minorVersion) = try statusLine(reader, reader.nextLine())
        var framing = HTTPFramingFields()
        var eventStream = false
        while true {
            let line = reader.nextLine()
            if line.isEmpty { break }
            let (name, value) = try reader.field(line)
            if try !framing.note(reader, name: name, value: value), name.count == 12, reader.nameIs(name, "content-type") {
                eventStream = HTTPHeadReader.hasPrefixFolded(reader.bytes(value), "text/event-stream")
            }
            guard !dropped.contains(reader.base + name.lowerBound, count: name.count) else { continue }
            out.append(reader.base + line.lowerBound, count: line.count)
            out.append("\r\n")
        }
        return UpstreamResponseHead(
            status: status, keepAlive: framing.keepsAlive(minorVersion: minorVersion), chunked: framing.chunked,
            hasTransferEncoding: framing.hasTransferEncoding,
            facts: UpstreamAnswerFacts(contentLength: framing.hasTransferEncoding ? nil : framing.contentLength, eventStream: eventStream),
            forwardedHeaders: ByteBuffer())
    }

    /// `HTTP/1.x NNN reason`; the reason may be empty, and so may the space before it.
    private static func statusLine(_ reader: HTTPHeadReader, _ line: Range<Int>) throws(HTTPWireError) -> (status: Int, minorVersion: Int) {
        let bytes = reader.bytes(line)
        guard bytes.count >= 12, HTTPHeadReader.hasPrefix(bytes, "HTTP/1.") else { throw .malformedStatusLine }
        let minor = bytes[7] &- UInt8(ascii: "0")
        guard minor < 10, bytes[8] == UInt8(ascii: " ") else { throw .malformedStatusLine }
        var status = 0
        for offset in 9..<12 {
            let digit = bytes[offset] &- UInt8(ascii: "0")
            guard digit < 10 else { throw .malformedStatusLine }
            status = status * 10 + Int(digit)
        }
        guard status >= 100 else { throw .malformedStatusLine }
        if bytes.count > 12 {
            guard bytes[12] == UInt8(ascii: " ") else { throw .malformedStatusLine }
            for byte in bytes[13...] where !HTTPHeadReader.isFieldValueByte(byte) { throw .malformedStatusLine }
        }
        return (status, Int(minor))
    }
}
