/// A recursive-descent parser from tokens to a `SourceFileSyntax`.
///
/// It never throws on bad input: it records a diagnostic, skips to the next statement or block
/// boundary, and goes on, so one run reports every independent mistake once. Nesting is bounded
/// by `maxNestingDepth` so hostile input gets a diagnostic instead of a stack overflow.
public struct Parser {
    /// Blocks plus brackets deeper than this are refused; real files nest about 6 deep.
    public static let maxNestingDepth = 32

    let file: SourceFile
    let tokens: [Token]
    let comments: [Comment]
    var position = 0
    var commentIndex = 0
    var diagnostics: [Diagnostic]
    var depth = 0
    /// Set after an error inside the current statement, so one mistake yields one diagnostic.
    var statementFailed = false
    /// Set once the nesting limit was reported, so 10,000 nested blocks yield one diagnostic.
    var reportedNestingLimit = false
    /// Where the last "expected '}'" was reported: the blocks around an unclosed one end at the same
    /// place, and saying so again there would only repeat the first message.
    var lastUnclosedBlockOffset: Int?
    /// The kinds of the blocks being parsed, outermost first, to tell a statement that belongs to
    /// an enclosing block (its `}` was forgotten) from one that is merely misplaced.
    var openBlocks: [BlockContext] = []
    /// Offsets that already carry a diagnostic: a token the lexer reported (an unterminated string
    /// at the start of a line) must not get a second message from the parser at the same place.
    var reportedOffsets: Set<Int>

    init(file: SourceFile, lexed: Lexer.Output) {
        self.file = file
        self.tokens = lexed.tokens
        self.comments = lexed.comments
        self.diagnostics = lexed.diagnostics
        self.reportedOffsets = Set(lexed.diagnostics.map(\.primary.range.start))
    }

    /// Lexes and parses a file.
    public static func parse(_ file: SourceFile) -> SourceFileSyntax {
        var parser = Parser(file: file, lexed: Lexer.tokenize(file))
        return parser.parseSourceFile()
    }

    /// Parses `text` as a file named `name` (for tests and the REPL).
    public static func parse(_ text: String, name: String = "<input>") -> SourceFileSyntax {
        parse(SourceFile(name: name, text: text))
    }

    // MARK: Tokens

    @inline(__always)
    var current: Token { tokens[position] }

    @inline(__always)
    func peek(_ offset: Int = 1) -> Token {
        tokens[min(position + offset, tokens.count - 1)]
    }

    @inline(__always)
    func at(_ kind: TokenKind) -> Bool { tokens[position].kind == kind }

    @inline(__always)
    func at(_ keyword: Keyword) -> Bool { tokens[position].keyword == keyword }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if token.kind != .endOfFile { position += 1 }
        return token
    }

    mutating func eat(_ kind: TokenKind) -> Token? {
        at(kind) ? advance() : nil
    }

    mutating func eat(_ keyword: Keyword) -> Token? {
        at(keyword) ? advance() : nil
    }

    /// The text of a word token.
    func text(_ token: Token) -> String { file.text(in: token.range) }

    /// How the current token is named in "found X" messages.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .word: "'\(text(token))'"
        case .newline, .endOfFile: token.kind.displayName
        case .string: "a string"
        default: token.kind.isLiteral ? "'\(text(token))'" : token.kind.displayName
        }
    }

    /// The offset where the previous token ended (for "expected X here" spans).
    var previousEnd: Int { position > 0 ? tokens[position - 1].range.end : 0 }

    /// Where the last token before the current one that is not a line end ended: "expected '}'"
    /// points just after the last code, not at a blank line below it.
    var lastCodeEnd: Int {
        var index = position - 1
        while index >= 0, tokens[index].kind == .newline { index -= 1 }
        return index >= 0 ? tokens[index].range.end : 0
    }

    /// How many space and tab bytes indent the line that holds `offset` (a leading BOM is not indentation).
    func indentation(ofLineAt offset: Int) -> Int {
        var index = file.lineStarts[file.line(of: offset) - 1]
        if index == 0, file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        let start = index
        let bytes = file.bytes
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") {
            index += 1
        }
        return index - start
    }

    /// Whether only indentation precedes `token` on its line.
    func startsLine(_ token: Token) -> Bool {
        var lineStart = file.lineStarts[file.line(of: token.range.start) - 1]
        if lineStart == 0, file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart = 3 }
        return token.range.start - lineStart == indentation(ofLineAt: token.range.start)
    }

    // MARK: Diagnostics

    mutating func error(
        _ code: DiagnosticCode, _ message: String, at range: SourceRange,
        secondary: [Diagnostic.Span] = [], hints: [String] = [], fixIts: [Diagnostic.FixIt] = []
    ) {
        guard !statementFailed else { return }
        statementFailed = true
        guard reportedOffsets.insert(range.start).inserted else { return }
        diagnostics.append(
            Diagnostic(
                .error, code, message, at: .init(file: file, range: range), secondary: secondary, hints: hints,
                fixIts: fixIts))
    }

    /// Reports "expected X, found Y" at the current token; an invalid token was already reported by the lexer.
    mutating func errorExpected(_ what: String, hints: [String] = []) {
        if at(.invalid) {
            statementFailed = true
            return
        }
        let token = current
        let range = (token.kind == .newline || token.kind == .endOfFile) ? SourceRange.at(previousEnd) : token.range
        error(.expectedToken, "expected \(what), found \(describe(token))", at: range, hints: hints)
    }

    /// Consumes a token of `kind` or reports what was expected.
    ///
    /// `what` is built only when reporting: messages interpolated on every call (the breaker's
    /// four, `match`'s path) were 5% of checking a 10k-route file.
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: @autoclosure () -> String) -> Token? {
        if let token = eat(kind) { return token }
        errorExpected(what())
        return nil
    }

    /// Consumes a name (any word, keywords included, since keywords are contextual).
    mutating func expectIdentifier(_ what: @autoclosure () -> String) -> Identifier? {
        guard at(.word) else {
            errorExpected(what())
            return nil
        }
        let token = advance()
        return Identifier(text(token), range: token.range)
    }

    // MARK: Statement boundaries

    var atStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .rightBrace, .endOfFile: true
        default: false
        }
    }

    mutating func skipSeparators() {
        while at(.newline) || at(.semicolon) { position += 1 }
    }

    mutating func skipNewlines() {
        while at(.newline) { position += 1 }
    }

    /// How a finished statement or declaration is named in "expected end of statement after X":
    /// its own text when short and on one line (`'kind = openai'`), else its first word.
    func describeStatement(_ range: SourceRange) -> String {
        let text = file.text(in: range)
        let isLineEnd: (Character) -> Bool = { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        if text.count <= 40, !text.contains(where: isLineEnd) { return "'\(text)'" }
        return "'\(text.prefix { $0 != " " && $0 != "\t" && !isLineEnd($0) })'"
    }

    /// After a complete statement: a newline, `;`, `}` or the end of the file must follow.
    /// The statement is described only when reporting: describing every one up front cost 10% of a large check.
    mutating func expectStatementEnd(afterStatementAt range: SourceRange) {
        if atStatementEnd { return }
        if at(.invalid) {
            statementFailed = true
        } else {
            error(
                .expectedEndOfStatement, "expected end of statement after \(describeStatement(range)), found \(describe(current))",
                at: current.range, hints: ["put each statement on its own line, or separate statements with ';'"])
        }
        recoverToStatementEnd()
    }

    /// Skips to the end of the current statement: the next newline or `;` outside brackets, or
    /// before the `}` that closes the enclosing block. Skipped blocks are skipped whole.
    ///
    /// `statementStart` (a token index) counts the brackets the statement opened before the error,
    /// so a mistake inside a multi-line list skips the rest of the list. Inside brackets a line end
    /// ends the statement unless the next line is indented deeper than the statement or closes a
    /// bracket, so an unclosed `[` does not swallow the rest of the file.
    mutating func recoverToStatementEnd(from statementStart: Int? = nil) {
        var brackets = 0
        let firstToken = statementStart.map { min($0, position) } ?? position
        if let statementStart, statementStart < position {
            for token in tokens[statementStart..<position] {
                switch token.kind {
                case .leftParen, .leftBracket: brackets += 1
                case .rightParen, .rightBracket: brackets = max(0, brackets - 1)
                default: break
                }
            }
        }
        while !at(.endOfFile) {
            switch current.kind {
            case .newline:
                if brackets == 0 { return }
                let next = peek()
                let continues = next.kind == .rightBracket || next.kind == .rightParen
                    || (next.kind != .endOfFile
                        && indentation(ofLineAt: next.range.start)
                            > indentation(ofLineAt: tokens[firstToken].range.start))
                if !continues { return }
            case .semicolon:
                if brackets == 0 { return }
            case .leftBrace:
                skipBalancedBlock()
                continue
            case .rightBrace:
                return
            case .leftParen, .leftBracket:
                brackets += 1
            case .rightParen, .rightBracket:
                brackets = max(0, brackets - 1)
            default:
                break
            }
            position += 1
        }
    }

    /// Skips from a `{` to its matching `}` (or the end of the file) without recursion.
    mutating func skipBalancedBlock() {
        var level = 0
        while !at(.endOfFile) {
            if at(.leftBrace) { level += 1 } else if at(.rightBrace) {
                level -= 1
                if level == 0 {
                    position += 1
                    return
                }
            }
            position += 1
        }
    }

    // MARK: Nesting

    /// Enters one level of nesting; false (after one diagnostic per file) when the limit is reached.
    mutating func enterNesting(at range: SourceRange) -> Bool {
        guard depth < Parser.maxNestingDepth else {
            if !reportedNestingLimit {
                reportedNestingLimit = true
                statementFailed = false
                error(
                    .nestingTooDeep, "nesting is too deep (more than \(Parser.maxNestingDepth) levels)", at: range,
                    hints: ["split the configuration into flatter blocks"])
            }
            statementFailed = true
            return false
        }
        depth += 1
        return true
    }

    mutating func leaveNesting() { depth -= 1 }

    // MARK: Trivia

    /// Comments before `offset` that nobody has claimed yet become the node's leading comments.
    mutating func leadingTrivia(before offset: Int, previousEnd: Int) -> Trivia {
        var trivia = Trivia()
        let firstStart: Int
        if commentIndex < comments.count, comments[commentIndex].range.start < offset {
            firstStart = comments[commentIndex].range.start
        } else {
            firstStart = offset
        }
        while commentIndex < comments.count, comments[commentIndex].range.start < offset {
            trivia.leadingComments.append(comments[commentIndex])
            commentIndex += 1
        }
        trivia.blankLineBefore = previousEnd > 0 && lineBreaks(from: previousEnd, to: firstStart, atLeast: 2)
        return trivia
    }

    /// Whether `bytes[from..<to]` holds at least `wanted` line ends (`\n`, `\r\n` or a lone `\r`),
    /// i.e. `file.line(of: to) - file.line(of: from) >= wanted`. Scanning the gap between two nodes
    /// costs a few bytes; two binary searches of the line table per statement showed in profiles.
    func lineBreaks(from: Int, to: Int, atLeast wanted: Int) -> Bool {
        let bytes = file.bytes
        var found = 0
        var index = max(from, 0)
        let end = min(to, bytes.count)
        while index < end {
            let byte = bytes[index]
            // A `\r` directly followed by `\n` is one line end, counted at its `\n`.
            if byte == UInt8(ascii: "\n")
                || (byte == UInt8(ascii: "\r") && (index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "\n")))
            {
                found += 1
                if found >= wanted { return true }
            }
            index += 1
        }
        return false
    }

    /// After a node: comments inside it move above it; one comment right after it on its line trails it.
    mutating func attachTrailingTrivia(_ trivia: inout Trivia, nodeEnd: Int) {
        let limit = current.range.start
        while commentIndex < comments.count, comments[commentIndex].range.start < limit {
            let comment = comments[commentIndex]
            if comment.range.start < nodeEnd || trivia.trailingComment != nil {
                trivia.leadingComments.append(comment)
            } else {
                trivia.trailingComment = comment
            }
            commentIndex += 1
        }
    }

    /// Comments before `offset` that remain unclaimed (those before a closing `}` or at the file's end).
    mutating func remainingComments(before offset: Int) -> [Comment] {
        var result: [Comment] = []
        while commentIndex < comments.count, comments[commentIndex].range.start < offset {
            result.append(comments[commentIndex])
            commentIndex += 1
        }
        return result
    }
}
