/// Checks that input is text before the lexer reads it: valid UTF-8 and free of NUL bytes.
enum InputValidation {
    enum Problem {
        case invalidUTF8(offset: Int)
        case nulByte(offset: Int)
    }

    /// The first reason the bytes are not a text file, or `nil` when they are.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0 { return .nulByte(offset: index) }
                index += 1
                continue
            }
            let length = scalarLength(leadingByte: byte)
            guard length > 1, index + length <= count else { return .invalidUTF8(offset: index) }
            // Continuation bytes, then the ranges that exclude overlong forms and surrogates (RFC 3629).
            for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return .invalidUTF8(offset: index)
            }
            let second = bytes[index + 1]
            switch byte {
            case 0xC0, 0xC1: return .invalidUTF8(offset: index)
            case 0xE0 where second < 0xA0: return .invalidUTF8(offset: index)
            case 0xED where second > 0x9F: return .invalidUTF8(offset: index)
            case 0xF0 where second < 0x90: return .invalidUTF8(offset: index)
            case 0xF4 where second > 0x8F: return .invalidUTF8(offset: index)
            case 0xF5...0xFF: return .invalidUTF8(offset: index)
            default: break
            }
            index += length
        }
        return nil
    }

    /// How many bytes the UTF-8 sequence starting with `leadingByte` has (1 for a stray byte).
    static func scalarLength(leadingByte byte: UInt8) -> Int {
        switch byte {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 1
        }
    }
}
