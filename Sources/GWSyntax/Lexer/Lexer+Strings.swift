/// String literals: `"..."` on one line, escapes `\n \t \r \" \\ \$ \u{...}`, and `${name}` interpolation.
extension Lexer {
    mutating func lexString() {
        let start = index
        index += 1
        // Most strings (paths, URLs, model names) hold no escape and no interpolation: one scan to
        // the closing quote and one `String` for the text. Decoding byte by byte through a buffer
        // was a third of lexing a 10k-route file.
        var end = index
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "$")
                || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            {
                break
            }
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let text = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[index..<end]), as: UTF8.self) }
            index = end + 1
            append(.string, from: start, value: .string(text.isEmpty ? [] : [.text(text)]))
            return
        }
        var parts: [StringPart] = []
        var buffer: [UInt8] = []
        func flush() {
            if !buffer.isEmpty {
                parts.append(.text(String(decoding: buffer, as: UTF8.self)))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while true {
            guard index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") else {
                // An interpolation left open to the end of the line was just reported: the missing
                // `}"` is one mistake, so the string's own missing quote is not reported again.
                let interpolationOpen = diagnostics.last.map {
                    $0.code == .unterminatedInterpolation && $0.primary.range.start > start
                } ?? false
                if !interpolationOpen {
                    error(
                        .unterminatedString, "unterminated string", SourceRange(start: start, end: index),
                        hints: ["add a closing \" before the end of the line; strings cannot span lines"])
                }
                // An invalid token, not a string: the open string swallowed the rest of the line
                // (a closing `]`, `)` or `->`), so the parser must skip the statement silently
                // rather than report what the string swallowed as a second error.
                append(.invalid, from: start)
                return
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                flush()
                append(.string, from: start, value: .string(parts))
                return
            case UInt8(ascii: "\\"):
                lexEscape(into: &buffer)
            case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "{"):
                flush()
                if let part = lexInterpolation() { parts.append(part) }
            default:
                buffer.append(byte)
                index += 1
            }
        }
    }

    private mutating func lexEscape(into buffer: inout [UInt8]) {
        let start = index
        index += 1
        let byte = peek()
        switch byte {
        case UInt8(ascii: "n"): buffer.append(UInt8(ascii: "\n")); index += 1
        case UInt8(ascii: "t"): buffer.append(UInt8(ascii: "\t")); index += 1
        case UInt8(ascii: "r"): buffer.append(UInt8(ascii: "\r")); index += 1
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"): buffer.append(byte); index += 1
        case UInt8(ascii: "u"):
            index += 1
            guard peek() == UInt8(ascii: "{") else {
                error(.invalidEscape, "expected '{' after \\u", SourceRange(start: start, end: index), hints: ["write \\u{1F600}"])
                return
            }
            index += 1
            let digitsStart = index
            while Lexer.isHexDigit(peek()) { index += 1 }
            let digits = String(decoding: bytes[digitsStart..<index], as: UTF8.self)
            guard peek() == UInt8(ascii: "}"), !digits.isEmpty, digits.count <= 8 else {
                error(
                    .invalidEscape, "malformed unicode escape", SourceRange(start: start, end: index),
                    hints: ["write \\u{XXXX} with 1 to 8 hex digits"])
                return
            }
            index += 1
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                error(.invalidEscape, "\\u{\(digits)} is not a Unicode scalar value", SourceRange(start: start, end: index))
                return
            }
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        case 0, UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            error(.invalidEscape, "a backslash cannot end a line", SourceRange(start: start, end: index))
        default:
            let length = InputValidation.scalarLength(leadingByte: byte)
            index = min(index + length, bytes.count)
            let shown = file.text(in: SourceRange(start: start, end: index))
            error(
                .invalidEscape, "unknown escape sequence '\(shown)'", SourceRange(start: start, end: index),
                hints: ["escapes are \\n \\t \\r \\\" \\\\ \\$ and \\u{...}; write \\\\ for a backslash"])
        }
    }

    /// `${name}`; on error, reports and skips to the closing `}` (or the end of the line).
    private mutating func lexInterpolation() -> StringPart? {
        let start = index
        index += 2
        var position = index
        while position < bytes.count, bytes[position] != UInt8(ascii: "}"), bytes[position] != UInt8(ascii: "\""),
            bytes[position] != UInt8(ascii: "\n"), bytes[position] != UInt8(ascii: "\r")
        {
            position += 1
        }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else {
            index = position
            error(
                .unterminatedInterpolation, "unterminated interpolation", SourceRange(start: start, end: position),
                hints: ["close it with '}': \"${name}\""])
            return nil
        }
        let contentRange = SourceRange(start: index, end: position)
        let content = file.text(in: contentRange)
        let name = content.trimmingSpaces
        index = position + 1
        let isName = !name.isEmpty && name.utf8.allSatisfy(Lexer.isIdentifierByte) && !Lexer.isDigit(name.utf8.first!)
        guard isName else {
            error(
                .invalidInterpolation, "only a name can be interpolated, found '\(content)'",
                SourceRange(start: start, end: index), hints: ["interpolate a let or param: \"${name}\""])
            return nil
        }
        let leading = content.utf8.prefix { $0 == UInt8(ascii: " ") }.count
        let nameStart = contentRange.start + leading
        return .interpolation(name: name, range: SourceRange(start: nameStart, end: nameStart + name.utf8.count))
    }

    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (no Foundation needed).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
