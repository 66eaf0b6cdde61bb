/// Number literals with their units: `3`, `0.25`, `250ms`, `1m30s`, `5%`, `200k`, `1.5M tokens`,
/// `600 requests`, `50 rps`, `4MB`, `$0.002`, `5xx`.
extension Lexer {
    /// One run of digits with an optional fraction, as both an exact integer (when it is one) and a double.
    struct NumberComponent {
        var integer: Int64?
        var double: Double
        var isInteger: Bool
        var overflowed: Bool
    }

    /// Largest first: a compound duration's units must keep this order. Names are packed so a
    /// suffix is matched without decoding it into a `String` (see `PackedWord`).
    private static let durationUnits: [(name: PackedWord, nanos: Int64)] = [
        (PackedWord("d"), 86_400_000_000_000), (PackedWord("h"), 3_600_000_000_000), (PackedWord("m"), 60_000_000_000),
        (PackedWord("s"), 1_000_000_000), (PackedWord("ms"), 1_000_000), (PackedWord("us"), 1_000), (PackedWord("ns"), 1),
    ]

    private static let byteUnits: [(name: PackedWord, bytes: Int64)] = [
        (PackedWord("B"), 1), (PackedWord("KB"), 1 << 10), (PackedWord("MB"), 1 << 20), (PackedWord("GB"), 1 << 30),
        (PackedWord("KiB"), 1 << 10), (PackedWord("MiB"), 1 << 20), (PackedWord("GiB"), 1 << 30),
    ]

    private static let kilo = PackedWord("k")
    private static let mega = PackedWord("M")
    private static let statusClassSuffix = PackedWord("xx")

    /// The index of `unit` in `durationUnits`, or `nil` when it is not a duration unit.
    private static func durationRank(_ unit: ArraySlice<UInt8>) -> Int? {
        guard let word = PackedWord(unit) else { return nil }
        return durationUnits.firstIndex { $0.name == word }
    }

    static let unitHint =
        "units are ms s m h d (durations), % (percent), k M (counts), B KB MB GB (sizes), "
        + "and the words requests tokens failures rps rpm"

    mutating func lexNumber() {
        let start = index
        if bytes[index] == UInt8(ascii: "$") {
            lexMoney(start: start)
            return
        }
        let component = scanComponent()
        if component.overflowed {
            skipIdentifierTail()
            error(.numberOverflow, "number is too large", SourceRange(start: start, end: index))
            append(.invalid, from: start)
            return
        }
        if peek() == UInt8(ascii: "%") {
            index += 1
            finishLiteral(.percent, start: start, value: .percent(component.double))
            return
        }
        let suffixStart = index
        while Lexer.isLetter(peek()) { index += 1 }
        let suffixBytes = bytes[suffixStart..<index]
        if suffixBytes.isEmpty {
            lexCountOrPlain(component, start: start)
            return
        }
        // The unit tables have no name in common, so the order of these tests does not matter.
        let suffix = PackedWord(suffixBytes)
        if suffix == Lexer.statusClassSuffix, component.isInteger, let digit = component.integer, (1...5).contains(digit),
            suffixStart - start == 1
        {
            finishLiteral(.statusClass, start: start, value: .statusClass(Int(digit)))
            return
        }
        if suffix == Lexer.kilo || suffix == Lexer.mega {
            let multiplier: Double = suffix == Lexer.kilo ? 1_000 : 1_000_000
            lexCountOrPlain(component, start: start, multiplier: multiplier)
            return
        }
        if let rank = Lexer.durationRank(suffixBytes) {
            lexDuration(first: component, firstRank: rank, start: start)
            return
        }
        if let unit = Lexer.byteUnits.first(where: { $0.name == suffix })?.bytes {
            let value = component.double * Double(unit)
            guard value < 9.2e18 else {
                error(.numberOverflow, "size is too large", SourceRange(start: start, end: index))
                append(.invalid, from: start)
                return
            }
            finishLiteral(.bytes, start: start, value: .bytes(Int64(value.rounded())))
            return
        }
        if let word = UnitWord.lookup(suffixBytes) {
            finishUnitWord(word, value: component.double, start: start)
            return
        }
        skipIdentifierTail()
        let unknown = String(decoding: suffixBytes, as: UTF8.self)
        error(
            .invalidUnit, "unknown unit '\(unknown)' on number", SourceRange(start: suffixStart, end: index),
            hints: [Lexer.unitHint])
        append(.invalid, from: start)
    }

    /// A plain number, or a count when `k`/`M` or a unit word follows (`200k`, `600 requests`).
    private mutating func lexCountOrPlain(_ component: NumberComponent, start: Int, multiplier: Double? = nil) {
        let value = component.double * (multiplier ?? 1)
        if let word = scanFollowingUnitWord() {
            finishUnitWord(word, value: value, start: start)
            return
        }
        if multiplier != nil {
            finishLiteral(.count, start: start, value: .count(value, nil))
        } else if component.isInteger, let integer = component.integer {
            finishLiteral(.number, start: start, value: .integer(integer))
        } else {
            finishLiteral(.number, start: start, value: .number(component.double))
        }
    }

    private mutating func finishUnitWord(_ word: UnitWord, value: Double, start: Int) {
        switch word {
        case .rps: finishLiteral(.rate, start: start, value: .rate(value))
        case .rpm: finishLiteral(.rate, start: start, value: .rate(value / 60))
        default: finishLiteral(.count, start: start, value: .count(value, word))
        }
    }

    /// Looks past spaces for a unit word (`600 requests`); consumes it only when one is there.
    private mutating func scanFollowingUnitWord() -> UnitWord? {
        var position = index
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
            position += 1
        }
        guard position > index else { return nil }
        let wordStart = position
        while position < bytes.count, Lexer.isIdentifierByte(bytes[position]) { position += 1 }
        guard position - wordStart >= 3, position - wordStart <= 8, let word = UnitWord.lookup(bytes[wordStart..<position])
        else { return nil }
        index = position
        return word
    }

    /// `1m30s`: components from the largest unit to the smallest, summed in nanoseconds.
    private mutating func lexDuration(first: NumberComponent, firstRank: Int, start: Int) {
        var total: Int64 = 0
        var component = first
        var foundRank: Int? = firstRank
        var unit = bytes[index..<index]
        var previousRank = Int.max
        while true {
            guard let rank = foundRank else {
                skipIdentifierTail()
                error(
                    .invalidUnit, "unknown unit '\(String(decoding: unit, as: UTF8.self))' in duration", SourceRange(start: start, end: index),
                    hints: ["durations use ms s m h d, largest first: 1m30s"])
                append(.invalid, from: start)
                return
            }
            if previousRank != Int.max, rank <= previousRank {
                skipIdentifierTail()
                error(
                    .invalidUnit, "units of a compound duration must go from largest to smallest",
                    SourceRange(start: start, end: index), hints: ["write 1m30s, not 30s1m"])
                append(.invalid, from: start)
                return
            }
            previousRank = rank
            let unitNanos = Lexer.durationUnits[rank].nanos
            let nanos: Int64
            if let integer = component.integer {
                let (product, overflow) = integer.multipliedReportingOverflow(by: unitNanos)
                guard !overflow else { return overflowDuration(start: start) }
                nanos = product
            } else {
                let product = component.double * Double(unitNanos)
                guard product < 9.2e18 else { return overflowDuration(start: start) }
                nanos = Int64(product.rounded())
            }
            let (sum, overflow) = total.addingReportingOverflow(nanos)
            guard !overflow else { return overflowDuration(start: start) }
            total = sum
            guard Lexer.isDigit(peek()) else { break }
            component = scanComponent()
            guard !component.overflowed else { return overflowDuration(start: start) }
            let unitStart = index
            while Lexer.isLetter(peek()) { index += 1 }
            unit = bytes[unitStart..<index]
            foundRank = Lexer.durationRank(unit)
        }
        finishLiteral(.duration, start: start, value: .duration(total))
    }

    private mutating func overflowDuration(start: Int) {
        skipIdentifierTail()
        error(
            .numberOverflow, "duration is too large", SourceRange(start: start, end: index),
            hints: ["durations go up to about 292 years"])
        append(.invalid, from: start)
    }

    private mutating func lexMoney(start: Int) {
        index += 1
        guard Lexer.isDigit(peek()) else {
            error(.malformedNumber, "expected an amount after '$'", SourceRange(start: start, end: index), hints: ["write $0.50 or $50"])
            append(.invalid, from: start)
            return
        }
        let component = scanComponent()
        guard !component.overflowed, component.double.isFinite else {
            error(.numberOverflow, "amount is too large", SourceRange(start: start, end: index))
            append(.invalid, from: start)
            return
        }
        finishLiteral(.money, start: start, value: .money(component.double))
    }

    /// Appends the literal, or reports letters glued to it (`5%x`, `30s5`) as an unknown unit.
    private mutating func finishLiteral(_ kind: TokenKind, start: Int, value: TokenValue) {
        if Lexer.isIdentifierByte(peek()) || (peek() == UInt8(ascii: ".") && Lexer.isDigit(peek(1))) {
            let tailStart = index
            skipIdentifierTail()
            if peek() == UInt8(ascii: "."), Lexer.isDigit(peek(1)) {
                index += 1
                skipIdentifierTail()
                error(
                    .malformedNumber, "malformed number", SourceRange(start: start, end: index),
                    hints: ["a number has at most one '.'; write a version as a string: \"1.2.3\""])
            } else {
                error(
                    .invalidUnit, "unexpected '\(file.text(in: SourceRange(start: tailStart, end: index)))' after number",
                    SourceRange(start: tailStart, end: index), hints: [Lexer.unitHint])
            }
            append(.invalid, from: start)
            return
        }
        // `1.` or `30s.x`: a dot glued to a number that starts neither a fraction nor a range (`1..5`).
        if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") {
            index += 1
            skipIdentifierTail()
            error(
                .malformedNumber, "expected digits after '.' in a number", SourceRange(start: start, end: index),
                hints: ["write 1.0 or 1"])
            append(.invalid, from: start)
            return
        }
        append(kind, from: start, value: value)
    }

    private mutating func skipIdentifierTail() {
        while Lexer.isIdentifierByte(peek()) || peek() == UInt8(ascii: "%") { index += 1 }
    }

    /// Digits (with `_` separators), then `.digits` when a digit follows the dot (so `1..5` is a range).
    private mutating func scanComponent() -> NumberComponent {
        let start = index
        var integer: Int64 = 0
        var overflowed = false
        while Lexer.isDigit(peek()) || (peek() == UInt8(ascii: "_") && Lexer.isDigit(peek(1))) {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "_") { continue }
            let (times, overflow1) = integer.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { overflowed = true }
            integer = sum
        }
        guard peek() == UInt8(ascii: "."), Lexer.isDigit(peek(1)) else {
            return NumberComponent(integer: overflowed ? nil : integer, double: Double(integer), isInteger: true, overflowed: overflowed)
        }
        index += 1
        while Lexer.isDigit(peek()) { index += 1 }
        let text = String(decoding: bytes[start..<index].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        let double = Double(text) ?? .infinity
        return NumberComponent(integer: nil, double: double, isInteger: false, overflowed: !double.isFinite)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
