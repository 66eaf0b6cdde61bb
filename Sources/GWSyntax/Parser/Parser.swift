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

    init(file: SourceFile, lexed: Lexer.Output) {
        self.file = file
        self.tokens = lexed.tokens
        self.comments = lexed.comments
        self.diagnostics = lexed.diagnostics
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

    // MARK: Diagnostics

    mutating func error(
        _ code: DiagnosticCode, _ message: String, at range: SourceRange,
        secondary: [Diagnostic.Span] = [], hints: [String] = [], fixIts: [Diagnostic.FixIt] = []
    ) {
        guard !statementFailed else { return }
        statementFailed = true
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
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ what: String) -> Token? {
        if let token = eat(kind) { return token }
        errorExpected(what)
        return nil
    }

    /// Consumes a name (any word, keywords included, since keywords are contextual).
    mutating func expectIdentifier(_ what: String) -> Identifier? {
        guard at(.word) else {
            errorExpected(what)
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

    /// After a complete statement: a newline, `;`, `}` or the end of the file must follow.
    mutating func expectStatementEnd(after what: String) {
        if atStatementEnd { return }
        if at(.invalid) {
            statementFailed = true
        } else {
            error(
                .expectedEndOfStatement, "expected end of statement after \(what), found \(describe(current))",
                at: current.range, hints: ["put each statement on its own line, or separate statements with ';'"])
        }
        recoverToStatementEnd()
    }

    /// Skips to the end of the current statement: the next newline or `;` outside brackets, or
    /// before the `}` that closes the enclosing block. Skipped blocks are skipped whole.
    mutating func recoverToStatementEnd() {
        var brackets = 0
        while !at(.endOfFile) {
            switch current.kind {
            case .newline, .semicolon:
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
        trivia.blankLineBefore = previousEnd > 0 && file.line(of: firstStart) - file.line(of: previousEnd) >= 2
        return trivia
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
