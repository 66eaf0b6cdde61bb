/// One token of a `.gwpipe` file: its kind, where it is, and for literals the value the lexer computed.
public struct Token: Sendable, Hashable {
    public var kind: TokenKind
    public var range: SourceRange
    /// Set for words the language knows; whether it acts as a keyword depends on the position.
    public var keyword: Keyword?
    public var value: TokenValue

    public init(kind: TokenKind, range: SourceRange, keyword: Keyword? = nil, value: TokenValue = .none) {
        self.kind = kind
        self.range = range
        self.keyword = keyword
        self.value = value
    }

    /// Whether this is the word `keyword`.
    @inline(__always)
    public func `is`(_ keyword: Keyword) -> Bool { self.keyword == keyword }
}

/// The value of a literal token, already converted to its unit's base (nanoseconds, bytes, per second).
public enum TokenValue: Sendable, Hashable {
    case none
    case integer(Int64)
    case number(Double)
    /// Nanoseconds, exact.
    case duration(Int64)
    /// 0–100 as written (`5%` is 5).
    case percent(Double)
    case count(Double, UnitWord?)
    /// Requests per second.
    case rate(Double)
    case bytes(Int64)
    /// US dollars.
    case money(Double)
    /// The first digit of `5xx`.
    case statusClass(Int)
    case string([StringPart])
}

/// A piece of a string literal: plain text (escapes resolved) or a `${name}` interpolation.
public enum StringPart: Sendable, Hashable {
    case text(String)
    case interpolation(name: String, range: SourceRange)
}
