/// Finds the top-level `"model"` string of a JSON request body without decoding the whole body,
/// and tells where its value sits so a model rewrite can splice in a new one.
///
/// Anything that is not a JSON object (or has a malformed string before `model`) is an error, so
/// the gateway answers 400 instead of routing on a guess.
enum JSONBodyScanner {
    struct Found {
        var model: String?
        /// Byte range of the value including its quotes, for rewriting.
        var valueRange: Range<Int>?
        /// Whether `"stream": true` appears at the top level.
        var stream: Bool
        /// Elements of a top-level `input` array (embeddings of several texts); 1 otherwise.
        var inputCount = 1
    }

    enum ScanError: Error {
        case notAnObject
        case malformed
    }

    static func scan(_ bytes: [UInt8]) throws(ScanError) -> Found {
        var index = 0
        func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }
        /// Reads a string starting at a quote; returns its decoded text (escapes kept simple).
        func readString() throws(ScanError) -> String {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw .malformed }
            index += 1
            var text: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: text, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") {
                    guard index + 1 < bytes.count else { throw .malformed }
                    text.append(bytes[index + 1] == UInt8(ascii: "n") ? 0x0A : bytes[index + 1])
                    index += 2
                    continue
                }
                text.append(byte)
                index += 1
            }
            throw .malformed
        }
        /// Steps over a string starting at a quote without decoding it (the same rules as
        /// `readString`); tells where its contents are and whether they hold an escape.
        func skipString() throws(ScanError) -> (contents: Range<Int>, escaped: Bool) {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw .malformed }
            index += 1
            let start = index
            var escaped = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return (start..<(index - 1), escaped)
                }
                if byte == UInt8(ascii: "\\") {
                    guard index + 1 < bytes.count else { throw .malformed }
                    escaped = true
                    index += 2
                    continue
                }
                index += 1
            }
            throw .malformed
        }
        /// Skips any JSON value (objects and arrays by bracket depth, strings by their quotes).
        func skipValue() throws(ScanError) {
            skipSpace()
            guard index < bytes.count else { throw .malformed }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                _ = try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        _ = try skipString()
                        continue
                    }
                    if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                    if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return
                        }
                    }
                    index += 1
                }
                throw .malformed
            default:
                while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[index]) {
                    index += 1
                }
            }
        }

        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw .notAnObject }
        index += 1
        var found = Found(model: nil, valueRange: nil, stream: false)
        while true {
            skipSpace()
            guard index < bytes.count else { throw .malformed }
            if bytes[index] == UInt8(ascii: "}") { return found }
            // Keys are compared in place; only one with an escape is decoded first.
            let keyStart = index
            let (contents, escaped) = try skipString()
            let key: Key
            if escaped {
                index = keyStart
                key = Key(try readString())
            } else {
                key = Key(bytes[contents])
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw .malformed }
            index += 1
            skipSpace()
            let valueStart = index
            if key == .model, index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                // Decoded straight from the body unless it holds an escape (a model name never
                // does): growing an array byte by byte cost ~1.5k instructions per request.
                let (contents, escaped) = try skipString()
                if escaped {
                    index = valueStart
                    found.model = try readString()
                } else {
                    found.model = String(decoding: bytes[contents], as: UTF8.self)
                }
                found.valueRange = valueStart..<index
            } else if key == .input, index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                index += 1
                var count = 0
                skipSpace()
                while index < bytes.count, bytes[index] != UInt8(ascii: "]") {
                    try skipValue()
                    count += 1
                    skipSpace()
                    if index < bytes.count, bytes[index] == UInt8(ascii: ",") { index += 1 }
                    skipSpace()
                }
                guard index < bytes.count else { throw .malformed }
                index += 1
                found.inputCount = count
            } else if key == .stream {
                try skipValue()
                found.stream = bytes[valueStart..<index].elementsEqual("true".utf8)
            } else {
                try skipValue()
            }
            skipSpace()
            guard index < bytes.count else { throw .malformed }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw .malformed }
            return found
        }
    }

    /// The top-level keys the scanner reads; every other key is skipped.
    private enum Key {
        case model, input, stream, other

        /// By length first, then the bytes: generic `elementsEqual` against a string's UTF-8 view
        /// cost ~170 instructions per key, for keys that mostly differ in length.
        init(_ contents: ArraySlice<UInt8>) {
            func equals(_ word: StaticString) -> Bool {
                contents.count == word.utf8CodeUnitCount && contents.withUnsafeBytes { HTTPHeadReader.hasPrefix($0, word) }
            }
            switch contents.count {
            case 5 where equals("model"): self = .model
            case 5 where equals("input"): self = .input
            case 6 where equals("stream"): self = .stream
            default: self = .other
            }
        }

        init(_ decoded: String) {
            self.init(ArraySlice(decoded.utf8))
        }
    }

    /// The body with its `model` value replaced by `model`.
    static func rewritingModel(_ bytes: [UInt8], range: Range<Int>, to model: String) -> [UInt8] {
        var escaped: [UInt8] = [UInt8(ascii: "\"")]
        for byte in model.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { escaped.append(UInt8(ascii: "\\")) }
            escaped.append(byte)
        }
        escaped.append(UInt8(ascii: "\""))
        var result = bytes
        result.replaceSubrange(range, with: escaped)
        return result
    }
}
