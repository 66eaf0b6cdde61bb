import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one HTTP/1.1 message body as its bytes arrive, framed by a length, by chunks, or by the
/// end of the connection, handing on its pieces as slices of the bytes read (never copied;
/// de-chunked when chunked). Chunk extensions and trailer fields are read past, not passed on:
/// the gateway re-frames what it forwards.
struct HTTPBodyReader {
    enum Framing {
        case empty
        case length(Int)
        case chunked
        case untilClose
    }

    private enum State {
        case sized(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// The CRLF after a chunk's data.
        case chunkDataEnd
        case trailers(bytes: Int)
        case untilClose
        case done
    }

    /// The largest chunk-size line (size and extensions) and the largest trailer section.
    static let chunkLineLimit = 4 * 1024
    static let trailerLimit = 16 * 1024

    private var state: State

    init(_ framing: Framing) {
        switch framing {
        case .empty: state = .done
        case .length(let length): state = length > 0 ? .sized(remaining: length) : .done
        case .chunked: state = .chunkSize
        case .untilClose: state = .untilClose
        }
    }

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Whether the body ends only when the connection does.
    var runsUntilClose: Bool {
        if case .untilClose = state { return true }
        return false
    }

    /// Reads what `input` holds of the body, handing its pieces to `emit`, and stops at the
    /// body's end: the bytes after it stay in `input`. A chunk-size or trailer line cut off at the
    /// end of `input` stays in it too, for the caller to complete with the next bytes read.
    /// Returns whether the body is complete.
    mutating func read(_ input: inout ByteBuffer, emit: (ByteBuffer) -> Void) throws(HTTPWireError) -> Bool {
        while true {
            switch state {
            case .done:
                return true
            case .untilClose:
                if input.readableBytes > 0 { emit(input.readSlice(length: input.readableBytes)!) }
                return false
            case .sized(let remaining):
                guard input.readableBytes > 0 else { return false }
                let count = min(remaining, input.readableBytes)
                emit(input.readSlice(length: count)!)
                state = count == remaining ? .done : .sized(remaining: remaining - count)
            case .chunkSize:
                guard let line = try HTTPBodyReader.line(&input, limit: HTTPBodyReader.chunkLineLimit) else { return false }
                let size = try HTTPBodyReader.chunkSize(line)
                state = size == 0 ? .trailers(bytes: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard input.readableBytes > 0 else { return false }
                let count = min(remaining, input.readableBytes)
                emit(input.readSlice(length: count)!)
                state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
            case .chunkDataEnd:
                guard let line = try HTTPBodyReader.line(&input, limit: 1) else { return false }
                guard line.readableBytes == 0 else { throw .invalidChunk }
                state = .chunkSize
            case .trailers(let seen):
                guard let line = try HTTPBodyReader.line(&input, limit: HTTPBodyReader.trailerLimit - seen) else { return false }
                state = line.readableBytes == 0 ? .done : .trailers(bytes: seen + line.readableBytes + 2)
            }
        }
    }

    /// The next line of `input` without its line end, or nil (`input` untouched) when it has not
    /// arrived whole. A line longer than `limit` (line end aside) is a malformed chunk.
    private static func line(_ input: inout ByteBuffer, limit: Int) throws(HTTPWireError) -> ByteBuffer? {
        let found: Int? = input.withUnsafeReadableBytes { bytes in
            guard let base = bytes.baseAddress, let hit = memchr(base, Int32(UInt8(ascii: "\n")), bytes.count) else { return nil }
            return UnsafeRawPointer(hit) - base
        }
        guard let newline = found else {
            guard input.readableBytes <= limit + 1 else { throw .invalidChunk }
            return nil
        }
        guard newline <= limit + 1 else { throw .invalidChunk }
        var line = input.readSlice(length: newline)!
        input.moveReaderIndex(forwardBy: 1)
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        guard line.readableBytes <= limit else { throw .invalidChunk }
        return line
    }

    /// A chunk-size line: hex digits, then optionally extensions after `;` (ignored).
    private static func chunkSize(_ line: ByteBuffer) throws(HTTPWireError) -> Int {
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
            while index < bytes.count, HTTPHeadReader.isWhitespace(bytes[index]) { index += 1 }
            guard index == bytes.count || bytes[index] == UInt8(ascii: ";") else { return nil }
            return size
        }
        guard let size else { throw .invalidChunk }
        return size
    }
}
