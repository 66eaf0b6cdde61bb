#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// One input text (a `.gwpipe` file, a values file, a REPL line) with the line table that turns
/// byte offsets into `line:column` positions for diagnostics.
///
/// The text is kept as UTF-8 bytes because the lexer works on bytes; columns are counted in
/// characters (extended grapheme clusters) only when a position is rendered, so lexing stays cheap.
public final class SourceFile: Sendable {
    /// The name shown in diagnostics, usually the path as the user typed it.
    public let name: String
    /// The file's bytes, exactly as read (a leading BOM included).
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.lineStarts = SourceFile.computeLineStarts(bytes)
    }

    public convenience init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// A line ends at `\n`, at `\r\n`, or at a lone `\r`, so CRLF files report the same lines as LF files.
    private static func computeLineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            // Files without `\r` (nearly all) are split by `memchr`, which scans many bytes per
            // step: the byte loop below was 2% of checking a 10k-route file.
            if memchr(base, Int32(UInt8(ascii: "\r")), count) == nil {
                var index = 0
                while index < count, let found = memchr(base + index, Int32(UInt8(ascii: "\n")), count - index) {
                    index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(index)
                }
                return
            }
            var index = 0
            while index < count {
                let byte = base[index]
                if byte == UInt8(ascii: "\n") {
                    starts.append(index + 1)
                } else if byte == UInt8(ascii: "\r") {
                    if index + 1 < count, base[index + 1] == UInt8(ascii: "\n") { index += 1 }
                    starts.append(index + 1)
                }
                index += 1
            }
        }
        return starts
    }

    /// The 1-based line that holds `offset`.
    public func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Where the text of line `line` starts: after a leading BOM on the first line, which the lexer
    /// skips and editors do not show, so it must not shift columns or snippets.
    private func textStart(ofLine line: Int) -> Int {
        let start = lineStarts[line - 1]
        return start == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : start
    }

    /// The 1-based line and character column of `offset`.
    public func position(of offset: Int) -> SourcePosition {
        let line = line(of: offset)
        let start = textStart(ofLine: line)
        let clamped = min(max(offset, start), bytes.count)
        let column = String(decoding: bytes[start..<clamped], as: UTF8.self).count + 1
        return SourcePosition(line: line, column: column)
    }

    /// The text of a 1-based line without its line terminator.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = textStart(ofLine: line)
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The source text covered by `range`.
    public func text(in range: SourceRange) -> String {
        let start = min(max(range.start, 0), bytes.count)
        let end = min(max(range.end, start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
