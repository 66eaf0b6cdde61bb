/// YAML 1.2 core-schema resolution of plain scalars, plus the YAML 1.1 look-alike check the emitter
/// uses to stay unambiguous for older readers.
///
/// Everything works on UTF-8 bytes with hand-written matchers instead of `Regex`: resolution runs
/// for every equality check and emitted scalar, and most values are rejected by their first byte.
enum CoreSchema {
    /// What an untagged plain scalar means under the core schema.
    enum Kind: Sendable {
        case null, bool, int, float, string

        var tag: String {
            switch self {
            case .null: YAMLTag.null
            case .bool: YAMLTag.bool
            case .int: YAMLTag.int
            case .float: YAMLTag.float
            case .string: YAMLTag.str
            }
        }
    }

    static func resolvePlain(_ text: String) -> Kind {
        withBytes(text) { resolve($0) }
    }

    static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// Parses the three core-schema integer forms; nil when the text is not one or overflows `Int`.
    static func int(_ text: String) -> Int? {
        withBytes(text) { bytes -> Int? in
            guard isInt(bytes) else { return nil }
            if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
                if bytes[1] == UInt8(ascii: "o") { return Int(text.dropFirst(2), radix: 8) }
                if bytes[1] == UInt8(ascii: "x") { return Int(text.dropFirst(2), radix: 16) }
            }
            return Int(text)
        }
    }

    /// Parses core-schema floats, and integers as floats; nil when the text is neither.
    static func double(_ text: String) -> Double? {
        withBytes(text) { bytes -> Double? in
            if isInt(bytes) {
                if let value = int(text) { return Double(value) }
                // Decimal integers too large for Int still have a Double value; hex and octal
                // ones that overflow are better reported as "not a number" than rounded.
                let isPrefixed = bytes.count > 2 && bytes[0] == UInt8(ascii: "0")
                    && (bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "o"))
                return isPrefixed ? nil : Double(text)
            }
            guard isFloat(bytes) else { return nil }
            switch text {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
            case "-.inf", "-.Inf", "-.INF": return -.infinity
            case ".nan", ".NaN", ".NAN": return .nan
            default: return Double(text)
            }
        }
    }

    /// Whether the text is the merge key `<<`, which the parser treats specially when it appears
    /// plain as a mapping key, so a string `<<` must never be written plain.
    static func isMergeKeyText(_ text: String) -> Bool {
        text == "<<"
    }

    /// Canonical core-schema text for a double: `.inf`, `-.inf`, `.nan`, or Swift's shortest
    /// round-tripping form (which always matches the core float pattern).
    static func text(for value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        return "\(value)"
    }

    /// Whether a YAML 1.1 reader (PyYAML, older Ruby, some CI systems) could read this text as
    /// something other than a string when written plain: `yes`/`no`/`on`/`off`, sexagesimal
    /// `1:30`, octal `0755`, `1_000`, dates, and the value key `=`. Deliberately over-approximate: quoting a
    /// string that did not need it is harmless, misreading one is not.
    static func isAmbiguousInYAML11(_ text: String) -> Bool {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
            "on", "On", "ON", "off", "Off", "OFF", "=":
            return true
        default:
            break
        }
        return withBytes(text) { bytes -> Bool in
            guard let first = bytes.first else { return false }
            var index = 0
            if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { index = 1 }
            guard index < bytes.count else { return false }
            let lead = bytes[index]
            guard isDigit(lead) || lead == UInt8(ascii: ".") else { return false }
            // Anything built only from number/date/time characters is suspicious.
            for byte in bytes where !isNumberish(byte) { return false }
            return true
        }
    }

    // MARK: - Matchers

    private static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer(body)
    }

    private static func resolve(_ b: UnsafeBufferPointer<UInt8>) -> Kind {
        guard let first = b.first else { return .null }
        // Fast path: nothing but these can start a null, bool, int or float.
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            if isInt(b) { return .int }
            if isFloat(b) { return .float }
            return .string
        case UInt8(ascii: "~"):
            return b.count == 1 ? .null : .string
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            return equalsAny(b, ["null", "Null", "NULL"]) ? .null : .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return equalsAny(b, ["true", "True", "TRUE", "false", "False", "FALSE"]) ? .bool : .string
        default:
            return .string
        }
    }

    private static func equalsAny(_ b: UnsafeBufferPointer<UInt8>, _ words: [StaticString]) -> Bool {
        for word in words where word.utf8CodeUnitCount == b.count {
            let wordBytes = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            if wordBytes.elementsEqual(b) { return true }
        }
        return false
    }

    /// `[-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+`
    private static func isInt(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !b.isEmpty else { return false }
        if b.count > 2, b[0] == UInt8(ascii: "0") {
            if b[1] == UInt8(ascii: "o") {
                return b[2...].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
            }
            if b[1] == UInt8(ascii: "x") {
                return b[2...].allSatisfy(isHexDigit)
            }
        }
        var i = 0
        if b[0] == UInt8(ascii: "+") || b[0] == UInt8(ascii: "-") { i = 1 }
        guard i < b.count else { return false }
        return b[i...].allSatisfy(isDigit)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)`
    private static func isFloat(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        if i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        let rest = UnsafeBufferPointer(rebasing: b[i...])
        if equalsAny(rest, [".inf", ".Inf", ".INF"]) { return true }
        if i == 0, equalsAny(rest, [".nan", ".NaN", ".NAN"]) { return true }

        var integerDigits = 0
        while i < n, isDigit(b[i]) { i += 1; integerDigits += 1 }
        var fractionDigits = 0
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, isDigit(b[i]) { i += 1; fractionDigits += 1 }
            // `.` alone is not a number; `1.` is, `.5` is.
            guard integerDigits > 0 || fractionDigits > 0 else { return false }
        } else {
            guard integerDigits > 0 else { return false }
        }
        if i < n, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            var exponentDigits = 0
            while i < n, isDigit(b[i]) { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return i == n
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    /// Characters that appear in YAML 1.1 ints, floats, sexagesimals and timestamps.
    private static func isNumberish(_ byte: UInt8) -> Bool {
        if isHexDigit(byte) { return true }
        switch byte {
        case UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: " "),
            UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "I"), UInt8(ascii: "N"):
            return true
        default:
            return false
        }
    }
}
