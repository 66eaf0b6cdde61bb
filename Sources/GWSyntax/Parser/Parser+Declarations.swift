/// Top-level declarations: `gateway`, `import`, `let`, `param`, `secret`, and the named blocks.
extension Parser {
    static let declarationKeywords: [Keyword] = [
        .gateway, .import, .let, .param, .secret, .provider, .keys, .flag, .route, .environment, .pipeline, .mock,
    ]

    mutating func parseSourceFile() -> SourceFileSyntax {
        var declarations: [Declaration] = []
        var lastEnd = 0
        var orphans = OrphanedLines(headerOffset: nil)
        skipSeparators()
        while !at(.endOfFile) {
            statementFailed = false
            if at(.rightBrace), orphans.absorbCloser(&self) {
                skipSeparators()
                continue
            }
            if at(.rightBrace) {
                error(.unmatchedClosingBrace, "unexpected '}' with no open block", at: current.range)
                advance()
                skipSeparators()
                continue
            }
            var trivia = leadingTrivia(before: current.range.start, previousEnd: lastEnd)
            let start = current.range.start
            let line = orphans.begin(self)
            let startIndex = position
            if var declaration = parseDeclaration() {
                attachTrailingTrivia(&trivia, nodeEnd: declaration.range.end)
                declaration.trivia = trivia
                declaration.range = SourceRange(start: start, end: declaration.range.end)
                lastEnd = declaration.trivia.trailingComment?.range.end ?? declaration.range.end
                declarations.append(declaration)
                if !statementFailed { expectStatementEnd(afterStatementAt: declaration.range) }
            } else {
                recoverToStatementEnd(from: startIndex)
                if at(.rightBrace) {
                    // A stray `}` after a broken declaration header: consume it here so it is not
                    // reported again as unmatched.
                    advance()
                }
                orphans.recover(after: line, &self)
                lastEnd = previousEnd
            }
            skipSeparators()
        }
        let trailingStart = commentIndex < comments.count ? comments[commentIndex].range.start : 0
        let trailing = remainingComments(before: Int.max)
        let blankLine = !trailing.isEmpty && lastEnd > 0 && file.line(of: trailingStart) - file.line(of: lastEnd) >= 2
        if declarations.isEmpty, trailing.isEmpty, diagnostics.isEmpty {
            diagnostics.append(
                Diagnostic(
                    .warning, .emptyFile, "file declares nothing", at: .init(file: file, range: .at(0)),
                    hints: ["start with `gateway \"name\"` and a provider; see examples/quickstart.gwpipe"]))
        }
        // The lexer's diagnostics come first in the array; readers expect them interleaved by position.
        // Sorting by offset and then by arrival keeps the order stable for one position. Only when out
        // of order: sorting unconditionally made a clean 10 MB parse 25% slower (measured, -O).
        let outOfOrder = zip(diagnostics, diagnostics.dropFirst()).contains {
            $0.primary.range.start > $1.primary.range.start
        }
        if outOfOrder {
            diagnostics = diagnostics.enumerated().sorted {
                ($0.element.primary.range.start, $0.offset) < ($1.element.primary.range.start, $1.offset)
            }.map(\.element)
        }
        return SourceFileSyntax(
            file: file, declarations: declarations, trailingComments: trailing,
            blankLineBeforeTrailingComments: blankLine, diagnostics: diagnostics)
    }

    mutating func parseDeclaration() -> Declaration? {
        let start = current.range.start
        guard at(.word), let keyword = current.keyword, Parser.declarationKeywords.contains(keyword) else {
            reportUnknownDeclaration()
            return nil
        }
        advance()
        let kind: Declaration.Kind
        switch keyword {
        case .gateway:
            guard let name = parseStringArgument("the gateway's name in quotes") else { return nil }
            kind = .gateway(name: name)
        case .import:
            guard let path = parseStringArgument("the path of the file to import, in quotes") else { return nil }
            kind = .import(path: path)
        case .let:
            guard let name = expectIdentifier("a name after 'let'"),
                expect(.assign, "'=' after the name in 'let \(name.name)'") != nil,
                let value = parseExpressionOrReport()
            else { return nil }
            kind = .let(name: name, value: value)
        case .param:
            guard let name = expectIdentifier("a name after 'param'") else { return nil }
            guard expect(.colon, "':' and a type after 'param \(name.name)' (param NAME: TYPE = default)") != nil,
                let type = parseType()
            else { return nil }
            var defaultValue: Expression?
            if eat(.assign) != nil {
                guard let value = parseExpressionOrReport() else { return nil }
                defaultValue = value
            }
            kind = .param(name: name, type: type, defaultValue: defaultValue)
        case .secret:
            guard let name = expectIdentifier("a name after 'secret'"),
                expect(.assign, "'=' after the name in 'secret \(name.name)'") != nil,
                let value = parseExpressionOrReport()
            else { return nil }
            kind = .secret(name: name, value: value)
        default:
            let blockKind = Parser.blockKind(for: keyword)
            guard let name = expectIdentifier("a name after '\(keyword.rawValue)'") else { return nil }
            guard let body = parseBlock(context: Parser.context(for: blockKind), owner: "\(keyword.rawValue) \(name.name)")
            else { return nil }
            kind = .block(blockKind, name: name, body: body)
        }
        return Declaration(kind, range: SourceRange(start: start, end: previousEnd))
    }

    /// The block a declaration keyword opens (the keywords of `declarationKeywords` after the first
    /// five); a switch instead of `BlockKind(rawValue: keyword.rawValue)`, which compared strings.
    static func blockKind(for keyword: Keyword) -> Declaration.BlockKind {
        switch keyword {
        case .provider: .provider
        case .keys: .keys
        case .flag: .flag
        case .route: .route
        case .environment: .environment
        case .pipeline: .pipeline
        default: .mock
        }
    }

    static func context(for kind: Declaration.BlockKind) -> BlockContext {
        switch kind {
        case .provider: .provider
        case .keys: .keys
        case .flag: .flag
        case .route: .route
        case .environment: .environment
        case .pipeline: .pipeline
        case .mock: .mock
        }
    }

    private mutating func reportUnknownDeclaration() {
        let token = current
        guard token.kind == .word else {
            if token.kind == .invalid {
                statementFailed = true
            } else {
                error(
                    .unknownDeclaration, "expected a declaration, found \(describe(token))", at: token.range,
                    hints: ["declarations start with: " + Parser.declarationKeywords.map(\.rawValue).joined(separator: ", ")])
            }
            return
        }
        let word = text(token)
        var hints: [String] = []
        var fixIts: [Diagnostic.FixIt] = []
        if peek().kind == .assign {
            hints.append("attributes (`\(word) = ...`) belong inside a block such as `provider NAME { ... }`")
        } else if let suggestion = Suggestion.nearest(to: word, among: Parser.declarationKeywords.map(\.rawValue)) {
            hints.append("did you mean `\(suggestion)`?")
            fixIts.append(.init(range: token.range, replacement: suggestion, message: "replace with `\(suggestion)`"))
        } else if let keyword = token.keyword, !BlockContext.contexts(accepting: keyword).isEmpty {
            let places = BlockContext.contexts(accepting: keyword).map(\.description).joined(separator: ", ")
            hints.append("`\(word)` is a statement of \(places), not a top-level declaration")
        } else {
            hints.append("declarations start with: " + Parser.declarationKeywords.map(\.rawValue).joined(separator: ", "))
        }
        error(.unknownDeclaration, "unknown declaration '\(word)'", at: token.range, hints: hints, fixIts: fixIts)
    }

    /// A string literal argument (`gateway "name"`, `import "path"`); `what` is built only when reporting.
    mutating func parseStringArgument(_ what: @autoclosure () -> String) -> Expression? {
        guard at(.string) else {
            errorExpected(what())
            return nil
        }
        let token = advance()
        guard case .string(let parts) = token.value else { return nil }
        return Expression(.string(StringLiteral(parts: parts, range: token.range)), range: token.range)
    }

    /// `Name` or `Name<Arg, ...>`.
    mutating func parseType() -> TypeSyntax? {
        guard at(.word) else {
            if at(.invalid) {
                statementFailed = true
            } else {
                error(
                    .invalidType, "expected a type, found \(describe(current))",
                    at: at(.newline) || at(.endOfFile) ? .at(previousEnd) : current.range,
                    hints: ["types are Duration, Percent, Count, Bytes, Money, Rate, Int, Number, Bool, String, List<T>, Range<T>"])
            }
            return nil
        }
        let nameToken = advance()
        let name = Identifier(text(nameToken), range: nameToken.range)
        var arguments: [TypeSyntax] = []
        if at(.less) {
            guard enterNesting(at: current.range) else { return nil }
            defer { leaveNesting() }
            advance()
            repeat {
                guard let argument = parseType() else { return nil }
                arguments.append(argument)
            } while eat(.comma) != nil
            guard expect(.greater, "'>' to close the type arguments of \(name.name)") != nil else { return nil }
        }
        return TypeSyntax(name: name, arguments: arguments, range: SourceRange(start: nameToken.range.start, end: previousEnd))
    }
}
