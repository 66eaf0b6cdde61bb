/// Prints a syntax tree in the canonical layout: 2-space indentation, one statement a line,
/// `=` aligned within runs of attributes, single blank lines kept, comments kept where they were.
///
/// The output depends only on the tree (not on the original spacing), so formatting is
/// idempotent: `format(parse(format(x))) == format(x)`. Refuse to format a file with errors.
public struct Formatter {
    /// One output line before trailing comments are aligned; `code == nil` is a blank line.
    struct Line {
        var indent: Int
        var code: String?
        var comment: String?
    }

    let file: SourceFile
    var lines: [Line] = []
    var indentLevel = 0

    init(file: SourceFile) {
        self.file = file
    }

    /// The canonical text of a parsed file.
    public static func format(_ syntax: SourceFileSyntax) -> String {
        var formatter = Formatter(file: syntax.file)
        formatter.printFile(syntax)
        return formatter.render()
    }

    /// Joins the lines, aligning trailing comments of consecutive lines (like gofmt) so a run of
    /// commented attributes reads as a table.
    func render() -> String {
        var output = ""
        var index = 0
        while index < lines.count {
            var end = index
            var widest = 0
            while end < lines.count, let code = lines[end].code, lines[end].comment != nil, !code.isEmpty {
                widest = max(widest, lines[end].indent * 2 + code.count)
                end += 1
            }
            if end == index { end = index + 1 }
            for line in lines[index..<end] {
                guard let code = line.code else {
                    output += "\n"
                    continue
                }
                var text = String(repeating: "  ", count: line.indent) + code
                if let comment = line.comment {
                    text += code.isEmpty ? comment : String(repeating: " ", count: max(2, widest + 2 - text.count)) + comment
                }
                output += text + "\n"
            }
            index = end
        }
        return output
    }

    // MARK: Lines

    mutating func line(_ text: String, trailing: Comment? = nil) {
        lines.append(Line(indent: indentLevel, code: text, comment: trailing.map(commentText)))
    }

    /// A blank line, never two in a row, never first, never right after a `{`.
    private mutating func blankLine() {
        guard let last = lines.last, let code = last.code, !code.hasSuffix("{") else { return }
        lines.append(Line(indent: 0, code: nil, comment: nil))
    }

    private func commentText(_ comment: Comment) -> String {
        var text = file.text(in: comment.range)
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }

    private mutating func printLeadingComments(_ trivia: Trivia) {
        var previousEnd: Int?
        for comment in trivia.leadingComments {
            if let previousEnd, file.line(of: comment.range.start) - file.line(of: previousEnd) >= 2 { blankLine() }
            line(commentText(comment))
            previousEnd = comment.range.end
        }
    }

    /// Whether a blank line separates the last leading comment from the node it documents.
    private func blankLineAfterComments(_ trivia: Trivia, nodeStart: Int) -> Bool {
        guard let last = trivia.leadingComments.last, last.range.end <= nodeStart else { return false }
        return file.line(of: nodeStart) - file.line(of: last.range.end) >= 2
    }

    // MARK: File

    private mutating func printFile(_ syntax: SourceFileSyntax) {
        var previousWasBlock = false
        for (index, declaration) in syntax.declarations.enumerated() {
            let isBlock: Bool
            if case .block = declaration.kind { isBlock = true } else { isBlock = false }
            if index > 0, declaration.trivia.blankLineBefore || isBlock || previousWasBlock { blankLine() }
            printLeadingComments(declaration.trivia)
            if blankLineAfterComments(declaration.trivia, nodeStart: declaration.range.start) { blankLine() }
            printDeclaration(declaration)
            previousWasBlock = isBlock
        }
        if !syntax.trailingComments.isEmpty {
            if syntax.blankLineBeforeTrailingComments { blankLine() }
            var previousEnd: Int?
            for comment in syntax.trailingComments {
                if let previousEnd, file.line(of: comment.range.start) - file.line(of: previousEnd) >= 2 { blankLine() }
                line(commentText(comment))
                previousEnd = comment.range.end
            }
        }
    }

    private mutating func printDeclaration(_ declaration: Declaration) {
        let trailing = declaration.trivia.trailingComment
        switch declaration.kind {
        case .gateway(let name):
            line("gateway \(render(name))", trailing: trailing)
        case .import(let path):
            line("import \(render(path))", trailing: trailing)
        case .let(let name, let value):
            line("let \(name.name) = \(render(value))", trailing: trailing)
        case .param(let name, let type, let defaultValue):
            var text = "param \(name.name): \(render(type))"
            if let defaultValue { text += " = \(render(defaultValue))" }
            line(text, trailing: trailing)
        case .secret(let name, let value):
            line("secret \(name.name) = \(render(value))", trailing: trailing)
        case .block(let kind, let name, let body):
            printBlock("\(kind.rawValue) \(name.name)", body, trailing: trailing)
        }
    }

    // MARK: Blocks

    mutating func printBlock(_ header: String, _ block: Block, trailing: Comment?) {
        if block.statements.isEmpty, block.closingComments.isEmpty, block.openingComment == nil {
            line("\(header) {}", trailing: trailing)
            return
        }
        // A comment after a one-line block (`keys teams { ... }  # why`) moves to the header line; after
        // a block that spans lines it stays on the closing brace, where it was, so comments keep their order.
        let spansLines = file.line(of: block.range.start) != file.line(of: max(block.range.start, block.range.end - 1))
        let headerComment = block.openingComment ?? (spansLines ? nil : trailing)
        line("\(header) {", trailing: headerComment)
        indentLevel += 1
        let widths = attributeAlignment(block.statements)
        for (index, statement) in block.statements.enumerated() {
            if index > 0, statement.trivia.blankLineBefore { blankLine() }
            printLeadingComments(statement.trivia)
            if blankLineAfterComments(statement.trivia, nodeStart: statement.range.start) { blankLine() }
            printStatement(statement, attributeWidth: widths[index])
        }
        if !block.closingComments.isEmpty {
            if block.blankLineBeforeClosingComments, !block.statements.isEmpty { blankLine() }
            var previousEnd: Int?
            for comment in block.closingComments {
                if let previousEnd, file.line(of: comment.range.start) - file.line(of: previousEnd) >= 2 { blankLine() }
                line(commentText(comment))
                previousEnd = comment.range.end
            }
        }
        indentLevel -= 1
        line("}", trailing: spansLines ? trailing : nil)
    }

    /// For each statement, the name width its `=` aligns to: attributes in one run (no blank line
    /// between them) share the widest name of the run.
    private func attributeAlignment(_ statements: [Statement]) -> [Int] {
        var widths = [Int](repeating: 0, count: statements.count)
        var runStart = 0
        func closeRun(_ end: Int) {
            guard runStart < end else { return }
            var widest = 0
            for index in runStart..<end {
                if case .attribute(let name, _) = statements[index].kind { widest = max(widest, name.name.count) }
            }
            for index in runStart..<end { widths[index] = widest }
        }
        for (index, statement) in statements.enumerated() {
            let isAttribute: Bool
            if case .attribute = statement.kind { isAttribute = true } else { isAttribute = false }
            if !isAttribute || statement.trivia.blankLineBefore || !statement.trivia.leadingComments.isEmpty {
                closeRun(index)
                runStart = isAttribute ? index : index + 1
            }
        }
        closeRun(statements.count)
        return widths
    }
}
