import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads HTTP/1.1 answers off an upstream connection as its bytes arrive: the head, the body in
/// pieces (slices of the bytes read, never copied, de-chunked when chunked), and the end.
///
/// The gateway parses upstream answers itself rather than through NIO's `HTTPResponseDecoder`
/// because this is the product's hot path: the decoder turns every header into two `String`s and
/// every head into an `HTTPHeaders`, which the gateway then only filters and writes back out as
/// bytes. Reading the head here and copying the header lines the client may see straight into a
/// buffer cut the cost of a proxied request by a quarter (see `Benchmarks/RESULTS.md`, proxy).
/// Client requests, which come from anyone, are still parsed by NIO's llhttp-based decoder.
///
/// What it accepts is RFC 9112 as a careful proxy reads it: a status line `HTTP/1.x NNN reason`,
/// header names of token characters followed directly by `:`, values free of control characters
/// (tabs aside), lines ending in CRLF or a bare LF, no obsolete line folding; the body framed by
/// `transfer-encoding: chunked`, by `content-length`, or by the end of the connection, and none
/// for an answer to HEAD, a 204 or a 304. Interim 1xx answers are skipped. An answer with both
/// `content-length` and `transfer-encoding`, or with conflicting lengths, is refused (they are how
/// responses get smuggled), as is a head over `headLimit`. One request is in flight at a time:
/// bytes arriving when no answer is expected are an error, and bytes after an answer in the
/// same read leave the connection unfit for another request.
struct UpstreamResponseParser {
    /// What the parser found, in order: one `head`, any number of `body` pieces, one `end`.
    enum Event {
        case head(UpstreamResponseHead)
        case body(ByteBuffer)
        /// The answer is complete; `reusable` says whether the connection may carry another request
        /// (the upstream keeps it alive, the body was not ended by closing, no bytes followed it).
        case end(reusable: Bool)
    }

    /// Why an upstream's bytes are not a usable answer.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case headTooLarge
        case malformedStatusLine
        case malformedHeader
        case invalidContentLength
        case conflictingFraming
        case unsupportedStatus(Int)
        case invalidChunk
        case unexpectedBytes
        case unexpectedEnd

        var description: String {
            switch self {
            case .headTooLarge: "the upstream's answer head is over \(UpstreamResponseParser.headLimit / 1024) KiB"
            case .malformedStatusLine: "the upstream's answer does not start with an HTTP/1.x status line"
            case .malformedHeader: "the upstream's answer has a malformed header line"
            case .invalidContentLength: "the upstream's answer has an invalid content-length"
            case .conflictingFraming: "the upstream's answer has both content-length and transfer-encoding"
            case .unsupportedStatus(let status): "the upstream answered \(status), which the gateway does not proxy"
            case .invalidChunk: "the upstream's chunked body is malformed"
            case .unexpectedBytes: "the upstream sent bytes when no answer was expected"
            case .unexpectedEnd: "the upstream closed the connection in the middle of its answer"
            }
        }
    }

    private enum State {
        /// No request in flight.
        case idle
        case head
        case sized(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// The CRLF after a chunk's data.
        case chunkDataEnd
        case trailers(bytes: Int)
        /// The body ends when the connection does.
        case untilClose
        /// A failure was reported; nothing more is read.
        case broken
    }

    /// The largest head accepted, status line and blank line included (as for client requests).
    static let headLimit = 80 * 1024
    /// The largest chunk-size line (size and extensions) and the largest trailer section.
    static let chunkLineLimit = 4 * 1024
    static let trailerLimit = 16 * 1024

    private var state = State.idle
    /// Whether the answer in flight may have a body (not when it answers a HEAD).
    private var bodyAllowed = true
    /// Whether the connection outlives the answer in flight (see `Event.end`).
    private var keepAlive = true
    /// The start of a line-shaped unit (head, chunk size, trailers) that has not arrived whole.
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
    mutating func parse(_ bytes: ByteBuffer, emit: (Event) -> Void) throws(Failure) {
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
    }

    /// The connection closed: ends an answer whose body runs to the close; an answer cut short
    /// is a failure.
    mutating func inputClosed(emit: (Event) -> Void) throws(Failure) {
        switch state {
        case .idle, .broken:
            return
        case .untilClose:
            state = .idle
            emit(.end(reusable: false))
        default:
            state = .broken
            throw .unexpectedEnd
        }
    }

    private mutating func parse(_ input: inout ByteBuffer, emit: (Event) -> Void) throws(Failure) {
        while input.readableBytes > 0 {
            switch state {
            case .idle, .broken:
                return  // the answer ended (see `end`)
            case .head:
                guard let headLength = UpstreamResponseParser.headLength(input) else {
                    guard input.readableBytes < UpstreamResponseParser.headLimit else { throw .headTooLarge }
                    partial = input
                    return
                }
                guard headLength <= UpstreamResponseParser.headLimit else { throw .headTooLarge }
                let bytes = input.readSlice(length: headLength)!
                let head = try UpstreamResponseParser.parseHead(bytes, dropping: dropped)
                if (100..<200).contains(head.status) {
                    // An interim answer (100 Continue, 103 Early Hints): the real one follows.
                    // 101 would switch protocols, which the gateway never asks for.
                    guard head.status != 101 else { throw .unsupportedStatus(101) }
                    continue
                }
                keepAlive = head.keepAlive
                emit(.head(head))
                if !bodyAllowed || head.status == 204 || head.status == 304 {
                    end(input, emit: emit)
                } else if head.chunked {
                    state = .chunkSize
                } else if let length = head.facts.contentLength {
                    if length == 0 { end(input, emit: emit) } else { state = .sized(remaining: length) }
                } else {
                    keepAlive = false
                    state = .untilClose
                }
            case .sized(let remaining):
                let count = min(remaining, input.readableBytes)
                emit(.body(input.readSlice(length: count)!))
                if count == remaining { end(input, emit: emit) } else { state = .sized(remaining: remaining - count) }
            case .chunkSize:
                guard let line = try readLine(&input, limit: UpstreamResponseParser.chunkLineLimit) else { return }
                let size = try UpstreamResponseParser.chunkSize(line)
                state = size == 0 ? .trailers(bytes: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let count = min(remaining, input.readableBytes)
                emit(.body(input.readSlice(length: count)!))
                state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
            case .chunkDataEnd:
                guard let line = try readLine(&input, limit: 2) else { return }
                guard line.readableBytes == 0 else { throw .invalidChunk }
                state = .chunkSize
            case .trailers(let seen):
                // Trailer fields are read past, not passed on: the client's answer is re-framed.
                guard let line = try readLine(&input, limit: UpstreamResponseParser.trailerLimit - seen) else { return }
                if line.readableBytes == 0 {
                    end(input, emit: emit)
                } else {
                    state = .trailers(bytes: seen + line.readableBytes + 2)
                }
            case .untilClose:
                emit(.body(input.readSlice(length: input.readableBytes)!))
            }
        }
    }

    /// The answer is complete. Bytes after it (in `rest`) mean the connection is out of step: it
    /// is not reused, and they are not read.
    private mutating func end(_ rest: ByteBuffer, emit: (Event) -> Void) {
        state = .idle
        emit(.end(reusable: keepAlive && rest.readableBytes == 0))
    }

    /// The next line of `input` without its line end, or nil (the start kept in `partial`) when
    /// it has not arrived whole. A line longer than `limit` is a malformed chunk.
    private mutating func readLine(_ input: inout ByteBuffer, limit: Int) throws(Failure) -> ByteBuffer? {
        let found = input.withUnsafeReadableBytes { $0.firstIndex(of: UInt8(ascii: "\n")) }
        guard let newline = found else {
            guard input.readableBytes <= limit else { throw .invalidChunk }
            partial = input
            input.moveReaderIndex(forwardBy: input.readableBytes)
            return nil
        }
        guard newline <= limit + 1 else { throw .invalidChunk }
        var line = input.readSlice(length: newline)!
        input.moveReaderIndex(forwardBy: 1)
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        return line
    }

    // MARK: The head

    /// The length of the head at the start of `input`, its blank line included, or nil when the
    /// blank line has not arrived.
    private static func headLength(_ input: ByteBuffer) -> Int? {
        input.withUnsafeReadableBytes { bytes -> Int? in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            let count = bytes.count
            var lineStart = 0
            while lineStart < count, let found = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), count - lineStart) {
                let newline = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                let length = newline - lineStart
                // A blank line (LF alone, or CR LF) after the status line ends the head.
                if lineStart > 0, length == 0 || (length == 1 && base[lineStart] == UInt8(ascii: "\r")) { return newline + 1 }
                lineStart = newline + 1
            }
            return nil
        }
    }

    /// Parses a whole head (status line, header lines, blank line), copying the header lines a
    /// client may see into one new buffer as it goes.
    private static func parseHead(_ head: ByteBuffer, dropping dropped: HeaderNameSet) throws(Failure) -> UpstreamResponseHead {
        var forwarded = ByteBufferAllocator().buffer(capacity: head.readableBytes)
        var result: Result<HeadFacts, Failure> = .failure(.malformedStatusLine)
        head.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            forwarded.writeWithUnsafeMutableBytes(minimumWritableBytes: bytes.count) { out in
                var reader = HeadReader(base: base, count: bytes.count, out: out.baseAddress!.assumingMemoryBound(to: UInt8.self))
                do throws(Failure) {
                    result = .success(try reader.read(dropping: dropped))
                } catch {
                    result = .failure(error)
                }
                return reader.written
            }
        }
        let facts = try result.get()
        let keepAlive: Bool
        if facts.connectionClose {
            keepAlive = false
        } else {
            keepAlive = facts.minorVersion >= 1 || facts.connectionKeepAlive
        }
        return UpstreamResponseHead(
            status: facts.status, keepAlive: keepAlive, chunked: facts.chunked, hasTransferEncoding: facts.hasTransferEncoding,
            facts: UpstreamAnswerFacts(contentLength: facts.hasTransferEncoding ? nil : facts.contentLength, eventStream: facts.eventStream),
            forwardedHeaders: forwarded)
    }

    /// What a head's lines say about its answer.
    private struct HeadFacts {
        var status = 0
        var minorVersion = 1
        var contentLength: Int?
        var chunked = false
        var hasTransferEncoding = false
        var connectionClose = false
        var connectionKeepAlive = false
        var eventStream = false
    }

    /// Walks the lines of a complete head, `count` bytes at `base`, writing the forwarded header
    /// lines to `out` (room for `count` bytes: they are never longer than the head).
    private struct HeadReader {
        let base: UnsafePointer<UInt8>
        let count: Int
        let out: UnsafeMutablePointer<UInt8>
        var index = 0
        var written = 0
        var facts = HeadFacts()

        init(base: UnsafePointer<UInt8>, count: Int, out: UnsafeMutablePointer<UInt8>) {
            self.base = base
            self.count = count
            self.out = out
        }

        /// The next line's bounds without its line end; the head is complete, so every line ends.
        mutating func nextLine() -> Range<Int> {
            let found = memchr(base + index, Int32(UInt8(ascii: "\n")), count - index)!
            let newline = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            var end = newline
            if end > index, base[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = index..<end
            index = newline + 1
            return line
        }

        mutating func read(dropping dropped: HeaderNameSet) throws(Failure) -> HeadFacts {
            try readStatusLine(nextLine())
            while true {
                let line = nextLine()
                if line.isEmpty { return facts }
                try readHeader(line, dropping: dropped)
            }
        }

        /// `HTTP/1.x NNN reason`; the reason may be empty, and so may the space before it.
        private mutating func readStatusLine(_ line: Range<Int>) throws(Failure) {
            let prefix: StaticString = "HTTP/1."
            guard line.count >= 12, memcmp(base + line.lowerBound, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0 else {
                throw .malformedStatusLine
            }
            let start = base + line.lowerBound
            let minor = start[7]
            guard minor &- UInt8(ascii: "0") < 10, start[8] == UInt8(ascii: " ") else { throw .malformedStatusLine }
            facts.minorVersion = Int(minor - UInt8(ascii: "0"))
            var status = 0
            for offset in 9..<12 {
                let digit = start[offset] &- UInt8(ascii: "0")
                guard digit < 10 else { throw .malformedStatusLine }
                status = status * 10 + Int(digit)
            }
            guard status >= 100 else { throw .malformedStatusLine }
            if line.count > 12 {
                guard start[12] == UInt8(ascii: " ") else { throw .malformedStatusLine }
                for offset in 13..<line.count where !HeadReader.isFieldValueByte(start[offset]) { throw .malformedStatusLine }
            }
            facts.status = status
        }

        /// `name: value`, checked, noted in `facts` when the gateway reads it, and copied to `out`
        /// unless its name is dropped.
        private mutating func readHeader(_ line: Range<Int>, dropping dropped: HeaderNameSet) throws(Failure) {
            guard let found = memchr(base + line.lowerBound, Int32(UInt8(ascii: ":")), line.count) else { throw .malformedHeader }
            let name = base + line.lowerBound
            let nameCount = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - name
            guard nameCount > 0 else { throw .malformedHeader }
            for offset in 0..<nameCount where !HeadReader.isTokenByte(name[offset]) { throw .malformedHeader }
            var valueStart = line.lowerBound + nameCount + 1
            var valueEnd = line.upperBound
            while valueStart < valueEnd, HeadReader.isWhitespace(base[valueStart]) { valueStart += 1 }
            while valueEnd > valueStart, HeadReader.isWhitespace(base[valueEnd - 1]) { valueEnd -= 1 }
            for offset in valueStart..<valueEnd where !HeadReader.isFieldValueByte(base[offset]) { throw .malformedHeader }
            let value = UnsafeRawBufferPointer(start: base + valueStart, count: valueEnd - valueStart)

            switch nameCount {
            case 14 where HeaderNames.equalFolded(name, nameCount, "content-length"):
                let length = try HeadReader.contentLength(value)
                if let earlier = facts.contentLength, earlier != length { throw .invalidContentLength }
                if facts.hasTransferEncoding { throw .conflictingFraming }
                facts.contentLength = length
            case 17 where HeaderNames.equalFolded(name, nameCount, "transfer-encoding"):
                if facts.contentLength != nil { throw .conflictingFraming }
                facts.hasTransferEncoding = true
                // Chunked when it is the last coding applied (RFC 9112 §6.3); a later header's
                // codings come after an earlier one's.
                facts.chunked = HeadReader.lastToken(of: value).map { HeadReader.equalFolded($0, "chunked") } ?? false
            case 10 where HeaderNames.equalFolded(name, nameCount, "connection"):
                var facts = self.facts
                HeadReader.forEachToken(of: value) { token in
                    if HeadReader.equalFolded(token, "close") { facts.connectionClose = true }
                    if HeadReader.equalFolded(token, "keep-alive") { facts.connectionKeepAlive = true }
                }
                self.facts = facts
            case 12 where HeaderNames.equalFolded(name, nameCount, "content-type"):
                let eventStream: StaticString = "text/event-stream"
                facts.eventStream = value.count >= eventStream.utf8CodeUnitCount
                    && HeaderNames.equalFolded(base + valueStart, eventStream.utf8CodeUnitCount, eventStream)
            default:
                break
            }
            guard !dropped.contains(name, count: nameCount) else { return }
            (out + written).update(from: base + line.lowerBound, count: line.count)
            written += line.count
            out[written] = UInt8(ascii: "\r")
            out[written + 1] = UInt8(ascii: "\n")
            written += 2
        }

        private static func equalFolded(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
            guard bytes.count == lowercase.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
            return HeaderNames.equalFolded(base.assumingMemoryBound(to: UInt8.self), bytes.count, lowercase)
        }

        /// A `content-length` value: digits, or a list of equal digit runs (`42, 42`), which some
        /// servers send after merging headers.
        private static func contentLength(_ value: UnsafeRawBufferPointer) throws(Failure) -> Int {
            var length: Int?
            var current: Int?
            for byte in value {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let (times, overflow1) = (current ?? 0).multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                    guard !overflow1, !overflow2 else { throw .invalidContentLength }
                    current = sum
                case UInt8(ascii: ","):
                    guard let number = current, length == nil || length == number else { throw .invalidContentLength }
                    length = number
                    current = nil
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    continue
                default:
                    throw .invalidContentLength
                }
            }
            guard let number = current, length == nil || length == number else { throw .invalidContentLength }
            return number
        }

        /// Calls `body` with each comma-separated token of `value`, spaces trimmed.
        private static func forEachToken(of value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
            var start = 0
            while start <= value.count {
                let comma = value[start...].firstIndex(of: UInt8(ascii: ",")) ?? value.count
                var low = start
                var high = comma
                while low < high, isWhitespace(value[low]) { low += 1 }
                while high > low, isWhitespace(value[high - 1]) { high -= 1 }
                if low < high { body(UnsafeRawBufferPointer(rebasing: value[low..<high])) }
                start = comma + 1
            }
        }

        /// The last comma-separated token of `value`, parameters (`;q=...`) aside.
        private static func lastToken(of value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
            var last: UnsafeRawBufferPointer?
            forEachToken(of: value) { token in
                let end = token.firstIndex(of: UInt8(ascii: ";")) ?? token.count
                var high = end
                while high > 0, isWhitespace(token[high - 1]) { high -= 1 }
                last = UnsafeRawBufferPointer(rebasing: token[..<high])
            }
            return last
        }

        private static func isWhitespace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

        /// Visible ASCII, space, tab and obs-text; no other control characters (no NUL, no bare CR).
        @inline(__always)
        private static func isFieldValueByte(_ byte: UInt8) -> Bool {
            byte >= 0x20 ? byte != 0x7F : byte == UInt8(ascii: "\t")
        }

        /// RFC 9110 `tchar`, as a bit set of the 128 ASCII bytes.
        @inline(__always)
        private static func isTokenByte(_ byte: UInt8) -> Bool {
            // Bits 0-63: `!#$%&'*+-.` and digits; bits 64-127: letters and `^_`|~`.
            let low: UInt64 = 0x03FF_6CFA_0000_0000
            let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
            return byte < 64 ? low >> UInt64(byte) & 1 == 1 : byte < 128 && high >> UInt64(byte - 64) & 1 == 1
        }
    }

    /// A chunk-size line: hex digits, then optionally extensions after `;` (ignored).
    private static func chunkSize(_ line: ByteBuffer) throws(Failure) -> Int {
        let size: Int? = line.withUnsafeReadableBytes { bytes in
            var size = 0
            var digits = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let value: Int
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
                default: value = -1
                }
                if value < 0 { break }
                digits += 1
                guard digits <= 15 else { return nil }  // over a petabyte: not a real chunk
                size = size << 4 | value
                index += 1
            }
            guard digits > 0 else { return nil }
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
            guard index == bytes.count || bytes[index] == UInt8(ascii: ";") else { return nil }
            return size
        }
        guard let size else { throw .invalidChunk }
        return size
    }
}
