/// Recovery that reads indentation: the parser does not need it to accept a valid file, but after a
/// mistake it tells which lines belong together, so one mistake yields one diagnostic.
extension Parser {
    /// Whether the current line starts with a statement of an enclosing block (or a declaration),
    /// indented no deeper than the header of the block being parsed: the sign of a forgotten `}`.
    /// Then the block ends here with one "expected '}'" instead of an error on every line after it.
    func startsEnclosingStatement(context: BlockContext, headerOffset: Int) -> Bool {
        // Cheapest tests first: this runs before every statement of every block.
        guard at(.word), let keyword = current.keyword, peek().kind != .assign,
            tokens[position - 1].kind == .newline, !context.statementKeywords.contains(keyword)
        else { return false }
        guard Parser.declarationKeywords.contains(keyword)
            || openBlocks.dropLast().contains(where: { $0.statementKeywords.contains(keyword) })
        else { return false }
        return indentation(ofLineAt: current.range.start) <= indentation(ofLineAt: headerOffset)
    }

    /// Whether an unterminated string (lexed as an invalid token from its `"` to the line end)
    /// stands between token `index` and the end of its line.
    func unterminatedStringOnLine(from index: Int) -> Bool {
        var scan = index
        while tokens[scan].kind != .newline, tokens[scan].kind != .endOfFile {
            if tokens[scan].kind == .invalid, file.bytes[tokens[scan].range.start] == UInt8(ascii: "\"") { return true }
            scan += 1
        }
        return false
    }

    /// After a header whose `{` is missing: when the lines below are indented deeper than the header,
    /// they are the body the user meant, so skip them and the `}` that closes them at the header's
    /// indentation. One missing `{` is then one diagnostic, not one per line of its body.
    mutating func skipBodyMissingItsBrace() {
        if !at(.newline) {
            // `keys teams file = "k.yaml" }`: a one-line body whose `{` is missing ends at the `}`
            // on this line that closes nothing opened after the header.
            var scan = position
            var level = 0
            while tokens[scan].kind != .newline, tokens[scan].kind != .endOfFile {
                if tokens[scan].kind == .leftBrace { level += 1 }
                if tokens[scan].kind == .rightBrace {
                    if level == 0 {
                        position = scan + 1
                        return
                    }
                    level -= 1
                }
                scan += 1
            }
            return
        }
        let headerIndentation = indentation(ofLineAt: previousEnd)
        skipLines(indentedDeeperThan: headerIndentation, closers: [.rightBrace], closerIndentation: headerIndentation)
    }

    /// From the end of a line, skips the lines after it indented deeper than `indentation` (with any
    /// block they open), then a line starting with one of `closers` at `closerIndentation`. Returns
    /// whether anything was skipped, and the closer token consumed; does nothing unless at a line end.
    @discardableResult
    mutating func skipLines(
        indentedDeeperThan indentation: Int, closers: Set<TokenKind>, closerIndentation: Int?
    ) -> (skipped: Bool, closer: Token?) {
        guard at(.newline) else { return (false, nil) }
        var scan = position
        var resume = position
        var closer: Token?
        while tokens[scan].kind == .newline {
            let first = tokens[scan + 1]
            guard first.kind != .endOfFile, startsLine(first) else { break }
            let column = self.indentation(ofLineAt: first.range.start)
            if closers.contains(first.kind), column == closerIndentation {
                // The closer and whatever follows it on its line (`],` or `) -> openai`).
                closer = first
                scan += 1
            } else if column <= indentation {
                break
            }
            // Skip the line, and any block it opens, up to the next line end.
            scan += 1
            var level = 0
            while tokens[scan].kind != .endOfFile {
                let kind = tokens[scan].kind
                if kind == .newline, level == 0 { break }
                if kind == .leftBrace { level += 1 }
                if kind == .rightBrace {
                    if level == 0 { break }
                    level -= 1
                }
                scan += 1
            }
            resume = scan
            if closer != nil || tokens[scan].kind != .newline { break }
        }
        defer { position = resume }
        return (resume != position, closer)
    }
}
