import CYAML

/// Converts libyaml positions into ``YAMLMark``s for one input buffer.
///
/// libyaml reports 0-based line and column, and an `index` that counts Unicode scalars (not bytes)
/// after any byte order mark. The byte offset is found by walking a cursor over the UTF-8 bytes
/// from the previous mark; events arrive in nearly increasing order, so the total walk is linear
/// in the input size instead of re-scanning from the start for every node.
struct SourceLocator {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// 3 when the input starts with a UTF-8 byte order mark. The parser hands libyaml the bytes
    /// after it: with the encoding forced to UTF-8, libyaml would otherwise count the mark as a
    /// character of the first line and shift every column on it.
    let bomLength: Int
    private var scalarIndex = 0
    private var byteOffset: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        bomLength = hasBOM ? 3 : 0
        byteOffset = bomLength
    }

    /// The mark for a libyaml position.
    mutating func mark(_ mark: yaml_mark_t) -> YAMLMark {
        let target = Int(mark.index)
        while scalarIndex < target && byteOffset < bytes.count {
            byteOffset += Self.sequenceLength(leadByte: bytes[byteOffset])
            scalarIndex += 1
        }
        while scalarIndex > target && byteOffset > bomLength {
            byteOffset -= 1
            while byteOffset > bomLength && bytes[byteOffset] & 0xC0 == 0x80 { byteOffset -= 1 }
            scalarIndex -= 1
        }
        return YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1, offset: min(byteOffset, bytes.count))
    }

    /// The byte at a mark's offset, if inside the input (used to explain scanner errors).
    func byte(at mark: YAMLMark) -> UInt8? {
        mark.offset < bytes.count ? bytes[mark.offset] : nil
    }

    /// The mark for a byte offset into the whole input. libyaml's reader errors (bad UTF-8, control characters)
    /// report only a byte offset, so line and column are recounted from the start using libyaml's
    /// own line-break rules (CR, LF, CRLF, NEL, LS, PS). Only runs once, on failure.
    func mark(byteOffset target: Int) -> YAMLMark {
        let end = min(target, bytes.count)
        var line = 0
        var column = 0
        var i = bomLength
        while i < end {
            let byte = bytes[i]
            let length = Self.sequenceLength(leadByte: byte)
            if byte == 0x0D {
                // CRLF is a single break.
                if i + 1 < end, bytes[i + 1] == 0x0A { i += 1 }
                line += 1
                column = 0
            } else if byte == 0x0A {
                line += 1
                column = 0
            } else if byte == 0xC2, i + 1 < end, bytes[i + 1] == 0x85 {
                line += 1
                column = 0
            } else if byte == 0xE2, i + 2 < end, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                line += 1
                column = 0
            } else {
                column += 1
            }
            i += length
        }
        return YAMLMark(line: line + 1, column: column + 1, offset: end)
    }

    private static func sequenceLength(leadByte byte: UInt8) -> Int {
        switch byte {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
