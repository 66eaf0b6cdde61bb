/// `{ ... }` bodies and the dispatch from a statement's first word to its parser.
extension Parser {
    /// Parses `{ statements }`. `owner` names the block in messages ("route chat"); it is built
    /// only when one is reported.
    mutating func parseBlock(context: BlockContext, owner: @autoclosure () -> String) -> Block? {
        if at(.newline), peek().kind == .leftBrace {
            // `{` on the next line (a habit from C#): say so once, then read the block as intended.
            let brace = peek()
            let owner = owner()
            error(
                .expectedToken, "'{' must be on the same line as \(owner)", at: brace.range,
                hints: ["a line end ends the header; write `\(owner) {`"],
                fixIts: [.init(range: SourceRange(start: previousEnd, end: brace.range.start), replacement: " ",
                               message: "move '{' up to the header")])
            advance()
        }
        guard at(.leftBrace) else {
            errorExpected("'{' to open the body of \(owner())")
            skipBodyMissingItsBrace()
            return nil
        }
        let open = current
        guard enterNesting(at: open.range) else {
            skipBalancedBlock()
            return nil
        }
        defer { leaveNesting() }
        openBlocks.append(context)
        defer { openBlocks.removeLast() }
        advance()
        let closerSwallowed = unterminatedStringOnLine(from: position)
        var statements: [Statement] = []
        var lastEnd = open.range.end
        // A comment on the line of `{` stays there; it reads as a note on the whole block.
        var openingComment: Comment?
        if commentIndex < comments.count, comments[commentIndex].isTrailing,
            comments[commentIndex].range.start < current.range.start
        {
            openingComment = comments[commentIndex]
            commentIndex += 1
        }
        let outerFailed = statementFailed
        skipSeparators()
        var outdented = false
        var orphans = OrphanedLines(headerOffset: open.range.start)
        while !at(.endOfFile) {
            if closerSwallowed, file.line(of: current.range.start) > file.line(of: open.range.start) {
                // `keys k { file = "k.yaml }`: the open string took the `}` with it. That was reported;
                // the one-line block ends with its line.
                statementFailed = true
                return Block(
                    statements: statements, openingComment: openingComment, closingComments: [],
                    blankLineBeforeClosingComments: false,
                    range: SourceRange(start: open.range.start, end: lastCodeEnd))
            }
            if at(.rightBrace) {
                guard orphans.absorbCloser(&self) else { break }
                skipSeparators()
                continue
            }
            if startsEnclosingStatement(context: context, headerOffset: open.range.start) {
                outdented = true
                break
            }
            statementFailed = false
            var trivia = leadingTrivia(before: current.range.start, previousEnd: lastEnd)
            let start = current.range.start
            let line = orphans.begin(self)
            let startIndex = position
            if var statement = parseStatement(context: context) {
                attachTrailingTrivia(&trivia, nodeEnd: statement.range.end)
                statement.range = SourceRange(start: start, end: statement.range.end)
                statement.trivia = trivia
                lastEnd = trivia.trailingComment?.range.end ?? statement.range.end
                statements.append(statement)
                if !statementFailed { expectStatementEnd(afterStatementAt: statement.range) }
            } else {
                recoverToStatementEnd(from: startIndex)
                orphans.recover(after: line, &self)
                lastEnd = previousEnd
            }
            skipSeparators()
        }
        statementFailed = outerFailed
        guard at(.rightBrace) else {
            let end = lastCodeEnd
            statementFailed = false
            if lastUnclosedBlockOffset == end {
                statementFailed = true
            } else {
                lastUnclosedBlockOffset = end
                let owner = owner()
                error(
                    .unclosedBlock, "expected '}' to close the body of \(owner)", at: .at(end),
                    secondary: [.init(file: file, range: open.range, label: "block opened here")],
                    hints: ["add '}' after the last statement of \(owner)"])
            }
            guard outdented else { return nil }
            // Keep what was parsed: the enclosing block (or the file) goes on from the outdented line,
            // and the statements read so far stay declared, so nothing later cascades from them.
            return Block(
                statements: statements, openingComment: openingComment, closingComments: [],
                blankLineBeforeClosingComments: false, range: SourceRange(start: open.range.start, end: end))
        }
        let closeStart = current.range.start
        let firstClosingComment = commentIndex < comments.count ? comments[commentIndex].range.start : closeStart
        let closing = remainingComments(before: closeStart)
        let blankLine = !closing.isEmpty && file.line(of: firstClosingComment) - file.line(of: lastEnd) >= 2
        let close = advance()
        return Block(
            statements: statements, openingComment: openingComment, closingComments: closing, blankLineBeforeClosingComments: blankLine,
            range: SourceRange(start: open.range.start, end: close.range.end))
    }

    /// Parses one statement of a block of kind `context`, or reports why it cannot.
    mutating func parseStatement(context: BlockContext) -> Statement? {
        let token = current
        let start = token.range.start
        guard token.kind == .word else {
            if token.kind == .invalid {
                statementFailed = true
            } else {
                error(
                    context.holdsSteps ? .unknownStep : .unknownStatement,
                    "expected a statement in \(context.description), found \(describe(token))", at: token.range)
            }
            return nil
        }
        if peek().kind == .assign {
            return parseAttribute(context: context)
        }
        guard let keyword = token.keyword, context.accepts(keyword) else {
            reportUnknownStatement(token, context: context)
            return nil
        }
        advance()
        let kind: Statement.Kind?
        switch context {
        case .flag:
            kind = parseFlagStatement(keyword)
        case .route:
            kind = parseRouteStatement(keyword)
        case .pipeline:
            kind = parsePipelineStatement(keyword)
        case .stage, .parallel, .onFailure:
            kind = parseStep(keyword)
        case .canary, .blueGreen, .rolling, .flagRollout, .analyze:
            kind = parseStrategyStatement(keyword, context: context)
        case .provider, .keys, .environment, .mock:
            kind = nil
        }
        guard let kind else { return nil }
        return Statement(kind, range: SourceRange(start: start, end: previousEnd))
    }

    private mutating func parseAttribute(context: BlockContext) -> Statement? {
        let nameToken = advance()
        let name = Identifier(text(nameToken), range: nameToken.range)
        guard context.allowsAttributes else {
            error(
                .misplacedStatement, "attributes are not allowed in \(context.description)", at: nameToken.range,
                hints: context.holdsSteps ? ["a stage holds steps such as deploy, test, run, canary"] : [])
            return nil
        }
        advance()  // '='
        guard let value = parseExpressionOrReport() else { return nil }
        return Statement(.attribute(name: name, value: value), range: SourceRange(start: nameToken.range.start, end: previousEnd))
    }

    private mutating func reportUnknownStatement(_ token: Token, context: BlockContext) {
        let word = text(token)
        let code: DiagnosticCode = context.holdsSteps ? .unknownStep : .unknownStatement
        if let keyword = token.keyword {
            let places = BlockContext.contexts(accepting: keyword)
            if !places.isEmpty {
                error(
                    .misplacedStatement, "'\(word)' is not allowed in \(context.description)", at: token.range,
                    hints: ["`\(word)` belongs in " + places.map(\.description).joined(separator: " or ")])
                return
            }
            if Parser.declarationKeywords.contains(keyword) {
                error(
                    .misplacedStatement, "'\(word)' declarations cannot be nested in \(context.description)",
                    at: token.range, hints: ["declare it at the top level of the file"])
                return
            }
        }
        let candidates = context.statementKeywords.map(\.rawValue)
        var hints: [String] = []
        var fixIts: [Diagnostic.FixIt] = []
        if let suggestion = Suggestion.nearest(to: word, among: candidates) {
            hints.append("did you mean `\(suggestion)`?")
            fixIts.append(.init(range: token.range, replacement: suggestion, message: "replace with `\(suggestion)`"))
        } else if context.allowsAttributes {
            hints.append("attributes are written `\(word) = value`")
        }
        if hints.isEmpty || (candidates.count > 0 && fixIts.isEmpty) {
            if !candidates.isEmpty {
                hints.append("\(context.description) accepts: " + candidates.joined(separator: ", "))
            }
        }
        let noun = context.holdsSteps ? "step" : "statement"
        error(code, "unknown \(noun) '\(word)' in \(context.description)", at: token.range, hints: hints, fixIts: fixIts)
    }

    // MARK: Flags

    private mutating func parseFlagStatement(_ keyword: Keyword) -> Statement.Kind? {
        switch keyword {
        case .enable:
            guard expect(.for, "'for' after 'enable' (enable for key.team in [\"beta\"])") != nil,
                let condition = parseExpressionOrReport()
            else { return nil }
            return .enableFor(condition)
        case .sticky:
            guard expect(.by, "'by' after 'sticky' (sticky by key)") != nil, let subject = parsePostfixOrReport() else {
                return nil
            }
            return .stickyBy(subject)
        default:
            return nil
        }
    }

    /// Consumes the word `keyword` or reports what was expected (`what` is built only then).
    mutating func expect(_ keyword: Keyword, _ what: @autoclosure () -> String) -> Token? {
        if let token = eat(keyword) { return token }
        errorExpected(what())
        return nil
    }
}
