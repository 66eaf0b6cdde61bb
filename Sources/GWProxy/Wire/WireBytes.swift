import NIOCore

/// Appends the pieces of an HTTP head into room reserved in a `ByteBuffer` all at once
/// (`ByteBuffer.writeWithUnsafeMutableBytes`): a head of a dozen pieces then pays the buffer's
/// capacity and uniqueness checks once instead of per piece, which is most of what writing it
/// costs. The caller reserves enough room; every append checks it does not overrun the room.
struct WireBytes {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes written so far: what the closure given to `writeWithUnsafeMutableBytes` returns.
    private(set) var count = 0

    init(_ room: UnsafeMutableRawBufferPointer) {
        base = room.baseAddress!.assumingMemoryBound(to: UInt8.self)
        capacity = room.count
    }

    /// The most bytes `appendDecimal` writes.
    static let decimalRoom = 20

    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        precondition(count + length <= capacity, "a head outgrew the room reserved for it")
        (base + count).update(from: bytes, count: length)
        count += length
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    mutating func append(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append($0.baseAddress!, count: $0.count) }) {
            return done
        }
        for byte in text.utf8 { append(byte: byte) }
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            if let start = buffer.baseAddress { append(start, count: buffer.count) }
        }
    }

    @inline(__always)
    mutating func append(byte: UInt8) {
        precondition(count < capacity, "a head outgrew the room reserved for it")
        base[count] = byte
        count += 1
    }

    /// `name: value\r\n`.
    mutating func appendHeader(_ name: String, _ value: String) {
        append(name)
        append(": ")
        append(value)
        append("\r\n")
    }

    /// A non-negative integer in decimal ASCII.
    mutating func appendDecimal(_ value: Int) {
        precondition(value >= 0, "HTTP numbers are never negative")
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        precondition(count + digits <= capacity, "a head outgrew the room reserved for it")
        var remaining = value
        for offset in stride(from: digits - 1, through: 0, by: -1) {
            base[count + offset] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
        count += digits
    }
}
