/// Turns the UTF-8 bytes of a `SourceFile` into tokens, comments and lexical diagnostics.
///
/// The lexer never stops at the first error: it reports, skips the offending bytes and goes on,
/// so the parser still sees the rest of the file. Literal values (durations, percents, counts,
/// sizes, money, strings with escapes and `${}` interpolation) are computed here, once.
public struct Lexer {
    /// Everything a lexer run produces.
    public struct Output: Sendable {
        public var tokens: [Token]
        public var comments: [Comment]
        public var diagnostics: [Diagnostic]
    }

    let file: SourceFile
    let bytes: [UInt8]
    var index: Int
    var tokens: [Token] = []
    var comments: [Comment] = []
    var diagnostics: [Diagnostic] = []
    /// Whether the current line has produced a token yet (a comment after one is trailing).
    var lineHasCode = false

    public init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
        self.index = 0
    }

    /// Lexes the whole file. The last token is always `.endOfFile`.
    public static func tokenize(_ file: SourceFile) -> Output {
        var lexer = Lexer(file: file)
        lexer.run()
        return Output(tokens: lexer.tokens, comments: lexer.comments, diagnostics: lexer.diagnostics)
    }

    mutating func run() {
        tokens.reserveCapacity(bytes.count / 4)
        if let problem = InputValidation.firstProblem(in: bytes) {
            report(problem)
            tokens.append(Token(kind: .endOfFile, range: .at(bytes.count)))
            return
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        checkIndentation()
        while index < bytes.count {
            lexOne()
        }
        tokens.append(Token(kind: .endOfFile, range: .at(bytes.count)))
    }

    // MARK: Reporting

    mutating func error(_ code: DiagnosticCode, _ message: String, _ range: SourceRange, hints: [String] = []) {
        diagnostics.append(Diagnostic(.error, code, message, at: .init(file: file, range: range), hints: hints))
    }

    private mutating func report(_ problem: InputValidation.Problem) {
        switch problem {
        case .invalidUTF8(let offset):
            error(
                .invalidUTF8, "file is not valid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)))",
                SourceRange(start: offset, end: offset + 1),
                hints: ["save the file as UTF-8"])
        case .nulByte(let offset):
            error(
                .binaryInput, "file contains a NUL byte; it looks binary, not a .gwpipe text",
                SourceRange(start: offset, end: offset + 1))
        }
    }

    // MARK: Scanning

    @inline(__always)
    func peek(_ offset: Int = 0) -> UInt8 {
        let position = index + offset
        return position < bytes.count ? bytes[position] : 0
    }

    mutating func append(_ kind: TokenKind, from start: Int, keyword: Keyword? = nil, value: TokenValue = .none) {
        tokens.append(Token(kind: kind, range: SourceRange(start: start, end: index), keyword: keyword, value: value))
        lineHasCode = true
    }

    private mutating func lexOne() {
        let start = index
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            index += 1
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            lexNewline()
        case UInt8(ascii: "#"):
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") {
                index += 1
            }
            comments.append(Comment(range: SourceRange(start: start, end: index), isTrailing: lineHasCode))
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            lexWord()
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "$"):
            lexNumber()
        case UInt8(ascii: "\""):
            lexString()
        default:
            lexPunctuation(byte, start: start)
        }
    }

    private mutating func lexNewline() {
        let start = index
        if bytes[index] == UInt8(ascii: "\r"), peek(1) == UInt8(ascii: "\n") { index += 2 } else { index += 1 }
        // One newline token stands for a run of line ends: the parser only needs to know a statement ended.
        if tokens.last?.kind != .newline {
            tokens.append(Token(kind: .newline, range: SourceRange(start: start, end: index)))
        }
        lineHasCode = false
        checkIndentation()
    }

    /// Warns when one line's indentation mixes tabs and spaces: harmless to the parser, but a sign
    /// of a file edited with two editor settings, and `gwpipe fmt` will rewrite it.
    private mutating func checkIndentation() {
        var position = index
        var sawTab = false
        var sawSpace = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\t") { sawTab = true } else if byte == UInt8(ascii: " ") { sawSpace = true } else { break }
            position += 1
        }
        if sawTab, sawSpace, position < bytes.count, bytes[position] != UInt8(ascii: "\n"),
            bytes[position] != UInt8(ascii: "\r")
        {
            diagnostics.append(
                Diagnostic(
                    .warning, .mixedIndentation, "indentation mixes tabs and spaces",
                    at: .init(file: file, range: SourceRange(start: index, end: position)),
                    hints: ["run `gwpipe fmt --write` to re-indent with spaces"]))
        }
    }

    private mutating func lexWord() {
        let start = index
        while index < bytes.count, Lexer.isIdentifierByte(bytes[index]) { index += 1 }
        append(.word, from: start, keyword: Keyword.lookup(bytes[start..<index]))
    }

    @inline(__always)
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private mutating func lexPunctuation(_ byte: UInt8, start: Int) {
        let next = peek(1)
        let kind: TokenKind
        var length = 1
        switch byte {
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: "+"): kind = .plus
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: "/"): kind = .slash
        case UInt8(ascii: "."):
            if next == UInt8(ascii: ".") { kind = .dotDot; length = 2 } else { kind = .dot }
        case UInt8(ascii: "-"):
            if next == UInt8(ascii: ">") { kind = .arrow; length = 2 } else { kind = .minus }
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { kind = .equal; length = 2 } else { kind = .assign }
        case UInt8(ascii: "!") where next == UInt8(ascii: "="):
            kind = .notEqual; length = 2
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { kind = .lessEqual; length = 2 } else { kind = .less }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { kind = .greaterEqual; length = 2 } else { kind = .greater }
        default:
            lexUnexpected(start: start)
            return
        }
        index += length
        append(kind, from: start)
    }

    /// Reports one unexpected character (a whole UTF-8 scalar, so the message shows it) and skips it.
    private mutating func lexUnexpected(start originalStart: Int) {
        var start = originalStart
        let length = InputValidation.scalarLength(leadingByte: bytes[start])
        index = min(start + length, bytes.count)
        let character = file.text(in: SourceRange(start: start, end: index))
        if let closer = Lexer.foreignQuotes[character], lexForeignString(start: start, closer: closer) { return }
        var hints: [String] = []
        switch character {
        case "!": hints.append("write `not` for negation, `!=` for inequality")
        case "&", "|":
            // `&&` is one mistake: report it once, not once per character.
            if peek() == bytes[start] { index += 1 }
            hints.append(character == "&" ? "write `and`" : "write `or`")
        case "'": hints.append("strings use double quotes: \"...\"")
        case "“", "”": hints.append("use a plain double quote \" instead of a typographic one")
        case "→": hints.append("write `->`")
        case "≤": hints.append("write `<=`")
        case "≥": hints.append("write `>=`")
        case "≠": hints.append("write `!=`")
        case _ where Lexer.isNonASCIILetter(character):
            // `naïve_budget` or `ünïcödé`: one diagnostic for the whole word, not a name `na` and
            // then one diagnostic per accented letter.
            if let last = tokens.last, last.kind == .word, last.range.end == start {
                start = last.range.start
                tokens.removeLast()
            }
            while index < bytes.count {
                if Lexer.isIdentifierByte(bytes[index]) {
                    index += 1
                    continue
                }
                let end = min(index + InputValidation.scalarLength(leadingByte: bytes[index]), bytes.count)
                guard bytes[index] >= 0x80, Lexer.isNonASCIILetter(file.text(in: SourceRange(start: index, end: end)))
                else { break }
                index = end
            }
            hints.append("names are ASCII letters, digits and '_'; other text belongs in a string or a comment")
        default: break
        }
        let range = SourceRange(start: start, end: index)
        let text = file.text(in: range)
        let shown = text.unicodeScalars.first.map { $0.properties.isWhitespace || $0.value < 0x20 } == true
            ? "U+" + String(text.unicodeScalars.first!.value, radix: 16, uppercase: true)
            : text
        let message = Lexer.isNonASCIILetter(character) && text.count > 1
            ? "unexpected character '\(character)' in '\(text)'"
            : "unexpected character\(text.count > 1 ? "s" : "") '\(shown)'"
        error(.unexpectedCharacter, message, range, hints: hints)
        append(.invalid, from: start)
    }

    /// A letter (or combining mark) outside ASCII, as in `café`.
    static func isNonASCIILetter(_ text: String) -> Bool {
        guard let scalar = text.unicodeScalars.first, scalar.value >= 0x80 else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
    }

    /// Quotes people paste from other languages or word processors, with the quote that closes them.
    private static let foreignQuotes: [String: String] = ["'": "'", "“": "”", "‘": "’", "”": "”"]

    /// `'text'` or `“text”` on one line: one diagnostic for the whole literal, with the fix, instead
    /// of one per quote and a parse error for the words between them. False when no closing quote follows.
    private mutating func lexForeignString(start: Int, closer: String) -> Bool {
        let closerBytes = Array(closer.utf8)
        let contentStart = index
        var position = index
        while position < bytes.count, bytes[position] != UInt8(ascii: "\n"), bytes[position] != UInt8(ascii: "\r") {
            guard bytes[position...].starts(with: closerBytes) else {
                position += 1
                continue
            }
            index = position + closerBytes.count
            let range = SourceRange(start: start, end: index)
            let quote = file.text(in: SourceRange(start: start, end: contentStart))
            var replacement = "\""
            for character in file.text(in: SourceRange(start: contentStart, end: position)) {
                if character == "\"" { replacement += "\\" }
                replacement.append(character)
            }
            replacement += "\""
            let message = quote == "'"
                ? "strings use double quotes, not single quotes"
                : "strings use plain double quotes, not typographic quotes"
            diagnostics.append(
                Diagnostic(
                    .error, .unexpectedCharacter, message,
                    at: .init(file: file, range: range), hints: ["write \(replacement)"],
                    fixIts: [.init(range: range, replacement: replacement, message: "use double quotes")]))
            append(.invalid, from: start)
            return true
        }
        return false
    }
}
