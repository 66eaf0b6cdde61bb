/// What a token is; literal values travel in `Token.value`.
public enum TokenKind: Sendable, Hashable {
    case word
    case string
    /// A plain number without unit: `3`, `0.25`.
    case number
    case duration
    case percent
    case count
    case rate
    case bytes
    case money
    /// An HTTP status class: `5xx`.
    case statusClass

    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case comma, semicolon, colon, dot, dotDot, arrow
    case assign, equal, notEqual, less, lessEqual, greater, greaterEqual
    case plus, minus, star, slash
    case newline
    case endOfFile
    /// Bytes that start no token; the lexer has already reported them.
    case invalid

    /// How the token is named in "expected X, found Y" messages.
    public var displayName: String {
        switch self {
        case .word: "a name"
        case .string: "a string"
        case .number: "a number"
        case .duration: "a duration"
        case .percent: "a percent"
        case .count: "a count"
        case .rate: "a rate"
        case .bytes: "a size in bytes"
        case .money: "an amount of money"
        case .statusClass: "a status class"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .comma: "','"
        case .semicolon: "';'"
        case .colon: "':'"
        case .dot: "'.'"
        case .dotDot: "'..'"
        case .arrow: "'->'"
        case .assign: "'='"
        case .equal: "'=='"
        case .notEqual: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .newline: "end of line"
        case .endOfFile: "end of file"
        case .invalid: "an invalid character"
        }
    }

    /// Whether the token is a literal value (a number with or without unit, a string).
    public var isLiteral: Bool {
        switch self {
        case .string, .number, .duration, .percent, .count, .rate, .bytes, .money, .statusClass: true
        default: false
        }
    }
}
