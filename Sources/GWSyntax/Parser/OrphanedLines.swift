/// Recognises lines that belong to another block, so one mistake is reported once: a statement
/// that cannot stand where it is (unknown or misplaced), indented deeper than the statements
/// around it, is the first line of a body whose header is missing, or of a block an extra `}`
/// closed early. The lines under it, and the `}` that ends them, are skipped with it.
///
/// Indentation is only measured after a failure, so a valid file pays one comparison a statement.
struct OrphanedLines {
    /// Where a statement began: its first token's index when it starts its line, and how many
    /// diagnostics existed before it was parsed (so the statement's own first diagnostic is known).
    struct Line {
        var tokenIndex: Int?
        var diagnosticCount: Int
    }

    /// The offset of the enclosing block's `{`; `nil` at the top level of the file.
    let headerOffset: Int?
    /// The first token of the block's first statement that starts a line: where its statements stand.
    private var referenceToken: Int?
    /// The first statement that could not stand here while no deeper-indented orphan was recognised,
    /// and the diagnostics of the ones after it at the same depth: if a `}` between the header's
    /// indentation and theirs turns up, they were all one orphaned body whose header is missing.
    private var firstFailure: (indentation: Int, diagnostic: Int)?
    private var laterFailures: [Int] = []

    static let structuralCodes: Set<DiagnosticCode> = [
        .unknownDeclaration, .unknownStatement, .unknownStep, .misplacedStatement,
    ]

    init(headerOffset: Int?) {
        self.headerOffset = headerOffset
    }

    /// Call before parsing each statement.
    mutating func begin(_ parser: borrowing Parser) -> Line {
        // Comments and blanks are not tokens, so a statement starts its line exactly when a line end precedes it.
        let startsLine = parser.position == 0 || parser.tokens[parser.position - 1].kind == .newline
        let tokenIndex = startsLine ? parser.position : nil
        if referenceToken == nil { referenceToken = tokenIndex }
        return Line(tokenIndex: tokenIndex, diagnosticCount: parser.diagnostics.count)
    }

    /// Call after a statement failed and the parser recovered to its end.
    mutating func recover(after line: Line, _ parser: inout Parser) {
        guard let tokenIndex = line.tokenIndex else { return }
        let indentation = parser.indentation(ofLineAt: parser.tokens[tokenIndex].range.start)
        let structural = parser.diagnostics.count > line.diagnosticCount
            && OrphanedLines.structuralCodes.contains(parser.diagnostics[line.diagnosticCount].code)
        if structural, let referenceToken {
            let reference = parser.indentation(ofLineAt: parser.tokens[referenceToken].range.start)
            if indentation > reference {
                skipOrphanedBody(deeperThan: reference, diagnostic: line.diagnosticCount, &parser)
                return
            }
        }
        if structural {
            if let firstFailure {
                if indentation >= firstFailure.indentation { laterFailures.append(line.diagnosticCount) }
            } else {
                firstFailure = (indentation, line.diagnosticCount)
            }
        }
        // Lines indented deeper than a broken statement continue it (a multi-line list whose `[`
        // is missing): they and the `]` or `)` that ends them go with it.
        parser.skipLines(
            indentedDeeperThan: indentation, closers: [.rightBracket, .rightParen], closerIndentation: indentation)
    }

    private func skipOrphanedBody(deeperThan reference: Int, diagnostic: Int, _ parser: inout Parser) {
        // The orphaned body ends with a closer where the statements around it stand, unless the
        // enclosing block's own `}` stands there too (a block written without indentation).
        var closerIndentation: Int? = reference
        if let headerOffset, reference <= parser.indentation(ofLineAt: headerOffset) { closerIndentation = nil }
        let skipped = parser.skipLines(
            indentedDeeperThan: reference, closers: [.rightBrace, .rightBracket, .rightParen],
            closerIndentation: closerIndentation)
        if let closer = skipped.closer, closer.kind == .rightBrace {
            let closerLine = parser.file.line(of: closer.range.start)
            parser.diagnostics[diagnostic].hints.append(
                "this line and the ones below it up to the '}' on line \(closerLine) are indented like the body "
                    + "of a block: is its header missing, or did an extra '}' close it early?")
        }
    }

    /// At a `}` that starts its line: when it stands deeper than the block's header but shallower
    /// than statements that failed one after another, it closes the body whose header is missing.
    /// Then only the first of those failures stays reported; the `}` is consumed and true returned.
    mutating func absorbCloser(_ parser: inout Parser) -> Bool {
        guard let failure = firstFailure, parser.at(.rightBrace), parser.startsLine(parser.current) else {
            return false
        }
        let column = parser.indentation(ofLineAt: parser.current.range.start)
        let headerIndentation = headerOffset.map { parser.indentation(ofLineAt: $0) } ?? -1
        guard column > headerIndentation, column < failure.indentation else { return false }
        for index in laterFailures.reversed() { parser.diagnostics.remove(at: index) }
        let closerLine = parser.file.line(of: parser.current.range.start)
        parser.diagnostics[failure.diagnostic].hints.append(
            "this line and the ones below it up to the '}' on line \(closerLine) read like the body of a block "
                + "whose header is missing")
        parser.advance()
        referenceToken = parser.position - 1
        firstFailure = nil
        laterFailures = []
        return true
    }
}
