import NIOCore
import NIOHTTP1

/// Writes HTTP/1.1 message heads and chunk framing straight into a `ByteBuffer`.
///
/// The data plane encodes what it sends itself instead of going through NIO's `HTTPHeaders`,
/// `HTTPResponseEncoder`/`HTTPRequestEncoder` and header validators: a proxied request then costs
/// one buffer and one pipeline traversal each way instead of a handler chain per part (see
/// `Benchmarks/RESULTS.md`, proxy). Reading is the gateway's own too (`ClientRequestParser`,
/// `UpstreamResponseParser`).
///
/// What is written needs no validation here: names and values either come from those parsers
/// (which refuse CR, LF and NUL) or from the gateway itself (revision ids, route and provider names,
/// request ids the parser read); provider keys are checked when a revision is compiled
/// (`UpstreamTarget`).
enum HTTPWire {
    /// `HTTP/1.1 200 OK\r\n`.
    static func writeStatusLine(_ status: HTTPResponseStatus, into buffer: inout ByteBuffer) {
        switch status.code {
        case 200: buffer.writeStaticString("HTTP/1.1 200 OK\r\n")
        default:
            buffer.writeStaticString("HTTP/1.1 ")
            writeDecimal(Int(status.code), into: &buffer)
            buffer.writeInteger(UInt8(ascii: " "))
            buffer.writeString(status.reasonPhrase)
            buffer.writeStaticString("\r\n")
        }
    }

    /// `name: value\r\n`, copied in one write (four small writes each paid the buffer's capacity
    /// and uniqueness checks).
    static func writeHeader(_ name: String, _ value: String, into buffer: inout ByteBuffer) {
        var name = name
        var value = value
        name.withUTF8 { name in
            value.withUTF8 { value in writeHeader(name: name, value: value, into: &buffer) }
        }
    }

    /// `name: value\r\n` for a fixed name.
    static func writeHeader(_ name: StaticString, _ value: String, into buffer: inout ByteBuffer) {
        var value = value
        value.withUTF8 { value in
            writeHeader(name: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), value: value, into: &buffer)
        }
    }

    private static func writeHeader(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer) {
        let count = name.count + value.count + 4
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { out in
            let base = out.baseAddress!
            var at = 0
            if let source = name.baseAddress { base.copyMemory(from: source, byteCount: name.count) }
            at += name.count
            base.storeBytes(of: UInt8(ascii: ":"), toByteOffset: at, as: UInt8.self)
            base.storeBytes(of: UInt8(ascii: " "), toByteOffset: at + 1, as: UInt8.self)
            at += 2
            if let source = value.baseAddress { (base + at).copyMemory(from: source, byteCount: value.count) }
            at += value.count
            base.storeBytes(of: UInt8(ascii: "\r"), toByteOffset: at, as: UInt8.self)
            base.storeBytes(of: UInt8(ascii: "\n"), toByteOffset: at + 1, as: UInt8.self)
            return count
        }
    }

    /// `name: 123\r\n` without formatting the number into a `String` first.
    @inline(__always)
    static func writeHeader(_ name: StaticString, _ value: Int, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(name)
        buffer.writeStaticString(": ")
        writeDecimal(value, into: &buffer)
        buffer.writeStaticString("\r\n")
    }

    /// The blank line that ends a head.
    @inline(__always)
    static func endHead(into buffer: inout ByteBuffer) {
        buffer.writeStaticString("\r\n")
    }

    /// One chunk of a `transfer-encoding: chunked` body: size in hex, CRLF, the bytes, CRLF.
    static func writeChunk(_ chunk: ByteBuffer, into buffer: inout ByteBuffer) {
        writeHex(chunk.readableBytes, into: &buffer)
        buffer.writeStaticString("\r\n")
        var chunk = chunk
        buffer.writeBuffer(&chunk)
        buffer.writeStaticString("\r\n")
    }

    /// The chunk of size zero that ends a chunked body (no trailers).
    static let lastChunk: StaticString = "0\r\n\r\n"

    /// A non-negative integer in decimal ASCII.
    static func writeDecimal(_ value: Int, into buffer: inout ByteBuffer) {
        precondition(value >= 0, "HTTP numbers are never negative")
        if value < 10 {
            buffer.writeInteger(UInt8(truncatingIfNeeded: value) + UInt8(ascii: "0"))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits; Int.max has 19
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 {
                raw[23 - count] = UInt8(truncatingIfNeeded: rest % 10) + UInt8(ascii: "0")
                rest /= 10
                count += 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[(24 - count)...]))
        }
    }

    /// A non-negative integer in lowercase hexadecimal ASCII (chunk sizes).
    static func writeHex(_ value: Int, into buffer: inout ByteBuffer) {
        precondition(value >= 0, "chunk sizes are never negative")
        let hexDigits: StaticString = "0123456789abcdef"
        var digits: (UInt64, UInt64) = (0, 0)  // 16 hex digits hold any Int
        var count = 0
        var rest = UInt(value)
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[15 - count] = hexDigits.utf8Start[Int(rest & 0xF)]
                rest >>= 4
                count += 1
            } while rest > 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[(16 - count)...]))
        }
    }
}
