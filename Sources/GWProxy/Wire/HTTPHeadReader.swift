import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Walks the lines of a complete HTTP/1.1 head (`count` bytes at `base`: start line, field lines,
/// blank line) and checks its fields as RFC 9112 asks a careful recipient to: names of token
/// characters directly followed by `:`, values free of control characters other than tab, lines
/// ending in CRLF or a bare LF, no obsolete line folding. Shared by the gateway's request and
/// answer parsers (`ClientRequestParser`, `UpstreamResponseParser`), which read the start line.
struct HTTPHeadReader {
    /// The largest head accepted, start line and blank line included (NIO's limit for headers).
    static let headLimit = 80 * 1024

    let base: UnsafePointer<UInt8>
    let count: Int
    /// Where the next line starts.
    private(set) var index = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The length of the head at the start of `input`, its blank line included, or nil when the
    /// blank line has not arrived.
    static func headLength(_ input: ByteBuffer) -> Int? {
        input.withUnsafeReadableBytes { bytes -> Int? in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
            let count = bytes.count
            var lineStart = 0
            while lineStart < count, let found = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), count - lineStart) {
                let newline = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                let length = newline - lineStart
                // A blank line (LF alone, or CR LF) after the start line ends the head.
                if lineStart > 0, length == 0 || (length == 1 && base[lineStart] == UInt8(ascii: "\r")) { return newline + 1 }
                lineStart = newline + 1
            }
            return nil
        }
    }

    /// The next line's bounds without its line end (the head is complete, so every line ends).
    mutating func nextLine() -> Range<Int> {
        let found = memchr(base + index, Int32(UInt8(ascii: "\n")), count - index)!
        let newline = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        var end = newline
        if end > index, base[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = index..<end
        index = newline + 1
        return line
    }

    /// The bytes of `range` in the head.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// A field line split into its checked name and its value, optional whitespace trimmed.
    func field(_ line: Range<Int>) throws(HTTPWireError) -> (name: Range<Int>, value: Range<Int>) {
        guard let (name, value) = split(line), !name.isEmpty else { throw .malformedHeader }
        for offset in name where !HTTPHeadReader.isTokenByte(base[offset]) { throw .malformedHeader }
        guard HTTPHeadReader.areFieldValueBytes(base + value.lowerBound, value.count) else { throw .malformedHeader }
        return (name, value)
    }

    /// A field line split at its colon, unchecked: for a head `field` has already checked.
    func split(_ line: Range<Int>) -> (name: Range<Int>, value: Range<Int>)? {
        guard let found = memchr(base + line.lowerBound, Int32(UInt8(ascii: ":")), line.count) else { return nil }
        let colon = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, HTTPHeadReader.isWhitespace(base[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, HTTPHeadReader.isWhitespace(base[valueEnd - 1]) { valueEnd -= 1 }
        return (line.lowerBound..<colon, valueStart..<valueEnd)
    }

    /// Whether the name at `range` is `lowercase`, ignoring ASCII case.
    func nameIs(_ range: Range<Int>, _ lowercase: StaticString) -> Bool {
        HeaderNames.equalFolded(base + range.lowerBound, range.count, lowercase)
    }

    // MARK: Values

    /// Whether `bytes` are `lowercase`, ignoring ASCII case.
    static func equalFolded(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return HeaderNames.equalFolded(base.assumingMemoryBound(to: UInt8.self), bytes.count, lowercase)
    }

    /// Whether `bytes` start with `lowercase`, ignoring ASCII case.
    static func hasPrefixFolded(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count >= lowercase.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return HeaderNames.equalFolded(base.assumingMemoryBound(to: UInt8.self), lowercase.utf8CodeUnitCount, lowercase)
    }

    /// Whether `bytes` start with `prefix`, exactly (the `HTTP` of a version is case-sensitive).
    static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
    }

    /// A `content-length` value: digits, or a list of equal digit runs (`42, 42`), which some
    /// senders write after merging headers.
    static func contentLength(_ value: UnsafeRawBufferPointer) throws(HTTPWireError) -> Int {
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

    /// Calls `body` with each comma-separated element of `value`, whitespace trimmed.
    static func forEachToken(of value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
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

    /// The last comma-separated element of `value`, its parameters (`;q=...`) left out.
    static func lastToken(of value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var last: UnsafeRawBufferPointer?
        forEachToken(of: value) { token in
            var high = token.firstIndex(of: UInt8(ascii: ";")) ?? token.count
            while high > 0, isWhitespace(token[high - 1]) { high -= 1 }
            last = UnsafeRawBufferPointer(rebasing: token[..<high])
        }
        return last
    }

    // MARK: Bytes

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// Visible ASCII, space, tab and obs-text; no other control characters (no NUL, no bare CR).
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == UInt8(ascii: "\t")
    }

    /// Whether all `count` bytes at `bytes` may be in a field value: eight at a time while none of
    /// them is a control character (the usual case), byte by byte around any that is (a tab is
    /// allowed).
    static func areFieldValueBytes(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self))
            // High bit set in a byte below 0x20, or one that is 0x7F (ASCII bytes only: `~word`).
            let below = (word &- ones &* 0x20) & ~word & highs
            let delete = ((word ^ (ones &* 0x7F)) &- ones) & ~(word ^ (ones &* 0x7F)) & highs
            if below | delete != 0 {
                for index in offset..<(offset + 8) where !isFieldValueByte(bytes[index]) { return false }
            }
            offset += 8
        }
        while offset < count {
            if !isFieldValueByte(bytes[offset]) { return false }
            offset += 1
        }
        return true
    }

    /// RFC 9110 `tchar`, as a bit set of the 128 ASCII bytes.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        // Bits 0-63: `!#$%&'*+-.` and digits; bits 64-127: letters and `^_`|~`.
        let low: UInt64 = 0x03FF_6CFA_0000_0000
        let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
        return byte < 64 ? low >> UInt64(byte) & 1 == 1 : byte < 128 && high >> UInt64(byte - 64) & 1 == 1
    }
}
