/// A stable identifier for a kind of diagnostic (`E0102`), so users can search for it and tools can
/// filter on it. Codes are never reused for a different meaning.
///
/// Ranges: `E00xx` unreadable input, `E01xx` lexical errors, `E02xx` syntax errors, `W0xxx` warnings
/// from the front end. Later layers (types, plan) use the `E03xx` range and above.
public struct DiagnosticCode: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

extension DiagnosticCode {
    // MARK: Input

    /// The file is not valid UTF-8.
    public static let invalidUTF8: DiagnosticCode = "E0001"
    /// The file holds NUL bytes: it is binary, not a `.gwpipe` text.
    public static let binaryInput: DiagnosticCode = "E0002"

    // MARK: Lexical

    /// A character that starts no token.
    public static let unexpectedCharacter: DiagnosticCode = "E0101"
    /// A string literal without its closing quote on the same line.
    public static let unterminatedString: DiagnosticCode = "E0102"
    /// An unknown escape sequence or a malformed `\u{...}`.
    public static let invalidEscape: DiagnosticCode = "E0103"
    /// `${` without its closing `}`.
    public static let unterminatedInterpolation: DiagnosticCode = "E0104"
    /// A number with a suffix that is no unit (`30x`), or a malformed compound duration.
    public static let invalidUnit: DiagnosticCode = "E0105"
    /// A number too large to represent.
    public static let numberOverflow: DiagnosticCode = "E0106"
    /// `${...}` whose content is not a name.
    public static let invalidInterpolation: DiagnosticCode = "E0107"
    /// A malformed number (`1.`, `$`, `1.2.3`).
    public static let malformedNumber: DiagnosticCode = "E0108"

    // MARK: Syntax

    /// The parser expected one thing and found another.
    public static let expectedToken: DiagnosticCode = "E0201"
    /// A block `{` that is never closed.
    public static let unclosedBlock: DiagnosticCode = "E0202"
    /// A word at the top level that starts no declaration.
    public static let unknownDeclaration: DiagnosticCode = "E0203"
    /// A word inside a block that starts no statement allowed there.
    public static let unknownStatement: DiagnosticCode = "E0204"
    /// Blocks or expressions nested deeper than the parser allows.
    public static let nestingTooDeep: DiagnosticCode = "E0205"
    /// A `}` with no open block.
    public static let unmatchedClosingBrace: DiagnosticCode = "E0206"
    /// An expression was expected.
    public static let expectedExpression: DiagnosticCode = "E0207"
    /// Something follows a complete statement on the same line.
    public static let expectedEndOfStatement: DiagnosticCode = "E0208"
    /// A `(` or `[` that is never closed.
    public static let unclosedDelimiter: DiagnosticCode = "E0209"
    /// A statement that is valid somewhere, but not in this block (`step` in a route).
    public static let misplacedStatement: DiagnosticCode = "E0210"
    /// An unknown step kind in a pipeline stage.
    public static let unknownStep: DiagnosticCode = "E0211"
    /// An `on` clause with an unknown event or action.
    public static let invalidOnClause: DiagnosticCode = "E0212"
    /// A type that is not written `Name` or `Name<Args>`.
    public static let invalidType: DiagnosticCode = "E0213"
    /// A comparison chained onto another (`a < b < c`).
    public static let chainedComparison: DiagnosticCode = "E0214"

    // MARK: Warnings

    /// Tabs and spaces mixed in one line's indentation.
    public static let mixedIndentation: DiagnosticCode = "W0101"
    /// An empty `.gwpipe` file.
    public static let emptyFile: DiagnosticCode = "W0102"

    /// Every code of the front end with a one-line title, for documentation and coverage tests.
    public static let syntaxCatalog: [(DiagnosticCode, String)] = [
        (.invalidUTF8, "file is not valid UTF-8"),
        (.binaryInput, "file is binary"),
        (.unexpectedCharacter, "unexpected character"),
        (.unterminatedString, "unterminated string"),
        (.invalidEscape, "invalid escape sequence"),
        (.unterminatedInterpolation, "unterminated interpolation"),
        (.invalidUnit, "unknown unit on a number"),
        (.numberOverflow, "number too large"),
        (.invalidInterpolation, "interpolation is not a name"),
        (.malformedNumber, "malformed number"),
        (.expectedToken, "unexpected token"),
        (.unclosedBlock, "block not closed"),
        (.unknownDeclaration, "unknown declaration"),
        (.unknownStatement, "unknown statement"),
        (.nestingTooDeep, "nesting too deep"),
        (.unmatchedClosingBrace, "unmatched closing brace"),
        (.expectedExpression, "expected an expression"),
        (.expectedEndOfStatement, "expected end of statement"),
        (.unclosedDelimiter, "unclosed parenthesis or bracket"),
        (.misplacedStatement, "statement not allowed here"),
        (.unknownStep, "unknown pipeline step"),
        (.invalidOnClause, "invalid on clause"),
        (.invalidType, "invalid type"),
        (.chainedComparison, "chained comparison"),
        (.mixedIndentation, "tabs and spaces mixed in indentation"),
        (.emptyFile, "empty file"),
    ]
}
