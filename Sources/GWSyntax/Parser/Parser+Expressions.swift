/// Expressions, from lowest to highest precedence:
/// `after` < `or` < `and` < `not` < comparisons (`== != < <= > >= in matches`) < `..` < `+ -` < `* /`
/// < unary `-` < postfix (`.member`, call) < primary.
extension Parser {
    /// Parses an expression; reports (once) and returns nil when there is none.
    mutating func parseExpressionOrReport() -> Expression? {
        let expression = parseExpression()
        if case .invalid = expression.kind { return nil }
        return expression
    }

    /// Additive level only: used where `in`, `for` or a comparison would be ambiguous (`5 failures in 10s`).
    mutating func parseAdditiveOrReport() -> Expression? {
        let expression = parseAdditive()
        if case .invalid = expression.kind { return nil }
        return expression
    }

    mutating func parsePostfixOrReport() -> Expression? {
        let expression = parsePostfix()
        if case .invalid = expression.kind { return nil }
        return expression
    }

    mutating func parsePrimaryOrReport() -> Expression? {
        let expression = parsePrimary()
        if case .invalid = expression.kind { return nil }
        return expression
    }

    mutating func parseExpression() -> Expression {
        let value = parseOr()
        if at(.after) {
            advance()
            let time = parseAdditive()
            return binaryNode(.after(value, time), value, time)
        }
        return value
    }

    private func isInvalid(_ expression: Expression) -> Bool {
        if case .invalid = expression.kind { return true }
        return false
    }

    private func binaryNode(_ kind: Expression.Kind, _ lhs: Expression, _ rhs: Expression) -> Expression {
        if case .invalid = lhs.kind { return lhs }
        if case .invalid = rhs.kind { return rhs }
        return Expression(kind, range: lhs.range.union(rhs.range))
    }

    private mutating func parseOr() -> Expression {
        var lhs = parseAnd()
        while at(.or) {
            advance()
            let rhs = parseAnd()
            lhs = binaryNode(.binary(.or, lhs, rhs), lhs, rhs)
        }
        return lhs
    }

    private mutating func parseAnd() -> Expression {
        var lhs = parseNot()
        while at(.and) {
            advance()
            let rhs = parseNot()
            lhs = binaryNode(.binary(.and, lhs, rhs), lhs, rhs)
        }
        return lhs
    }

    private mutating func parseNot() -> Expression {
        guard at(.not) else { return parseComparison() }
        let token = advance()
        guard enterNesting(at: token.range) else { return Expression(.invalid, range: token.range) }
        defer { leaveNesting() }
        let operand = parseNot()
        if case .invalid = operand.kind { return operand }
        return Expression(.unary(.not, operand), range: token.range.union(operand.range))
    }

    private func comparisonOperator(_ token: Token) -> BinaryOperator? {
        switch token.kind {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        case .word where token.keyword == .in: .in
        case .word where token.keyword == .matches: .matches
        default: nil
        }
    }

    private mutating func parseComparison() -> Expression {
        let lhs = parseRange()
        if at(.assign), !isInvalid(lhs) {
            // No expression is ever followed by a single `=` (attributes name their target with a
            // word), so this is a comparison written the way some languages spell it.
            error(
                .expectedToken, "'=' cannot compare two values; write '=='", at: current.range,
                hints: ["`=` sets an attribute; `==` compares: when model == \"gpt-4o\" -> openai"],
                fixIts: [.init(range: current.range, replacement: "==", message: "replace with '=='")])
            return Expression(.invalid, range: current.range)
        }
        guard let op = comparisonOperator(current) else { return lhs }
        advance()
        let rhs = op == .matches ? parseMatchPattern() : parseRange()
        let result = binaryNode(.binary(op, lhs, rhs), lhs, rhs)
        if let next = comparisonOperator(current), case .binary = result.kind {
            error(
                .chainedComparison, "comparisons cannot be chained ('\(op.rawValue)' then '\(next.rawValue)')",
                at: current.range, hints: ["combine two comparisons with `and`: a < b and b < c"])
            return Expression(.invalid, range: current.range)
        }
        return result
    }

    /// The right side of `matches` must be a string literal: the regex is compiled at check time.
    private mutating func parseMatchPattern() -> Expression {
        guard at(.string) else {
            errorExpected("a regular expression in quotes after 'matches'")
            return Expression(.invalid, range: current.range)
        }
        return parsePrimary()
    }

    private mutating func parseRange() -> Expression {
        let lhs = parseAdditive()
        guard at(.dotDot) else { return lhs }
        advance()
        let rhs = parseAdditive()
        return binaryNode(.range(lhs, rhs), lhs, rhs)
    }

    mutating func parseAdditive() -> Expression {
        var lhs = parseMultiplicative()
        while at(.plus) || at(.minus) {
            let op: BinaryOperator = at(.plus) ? .add : .subtract
            advance()
            let rhs = parseMultiplicative()
            lhs = binaryNode(.binary(op, lhs, rhs), lhs, rhs)
        }
        return lhs
    }

    private mutating func parseMultiplicative() -> Expression {
        var lhs = parseUnary()
        while at(.star) || at(.slash) {
            let op: BinaryOperator = at(.star) ? .multiply : .divide
            advance()
            let rhs = parseUnary()
            lhs = binaryNode(.binary(op, lhs, rhs), lhs, rhs)
        }
        return lhs
    }

    private mutating func parseUnary() -> Expression {
        guard at(.minus) else { return parsePostfix() }
        let token = advance()
        guard enterNesting(at: token.range) else { return Expression(.invalid, range: token.range) }
        defer { leaveNesting() }
        let operand = parseUnary()
        if case .invalid = operand.kind { return operand }
        return Expression(.unary(.negate, operand), range: token.range.union(operand.range))
    }

    mutating func parsePostfix() -> Expression {
        var base = parsePrimary()
        while at(.dot) {
            if case .invalid = base.kind { return base }
            advance()
            guard at(.word) else {
                errorExpected("a name after '.'")
                return Expression(.invalid, range: current.range)
            }
            let member = advance()
            base = Expression(
                .member(base, Identifier(text(member), range: member.range)), range: base.range.union(member.range))
        }
        return base
    }

    mutating func parsePrimary() -> Expression {
        let token = current
        switch token.kind {
        case .string:
            advance()
            guard case .string(let parts) = token.value else { return Expression(.invalid, range: token.range) }
            return Expression(.string(StringLiteral(parts: parts, range: token.range)), range: token.range)
        case .number, .duration, .percent, .count, .rate, .bytes, .money, .statusClass:
            advance()
            return Expression(.literal(Parser.literal(of: token.value)), range: token.range)
        case .word:
            return parseWordExpression()
        case .leftBracket:
            return parseList()
        case .leftParen:
            advance()
            guard enterNesting(at: token.range) else { return Expression(.invalid, range: token.range) }
            defer { leaveNesting() }
            skipNewlines()
            let inner = parseExpression()
            if case .invalid = inner.kind { return inner }
            skipNewlines()
            guard at(.rightParen) else {
                reportUnclosed(token, closer: "')'")
                return Expression(.invalid, range: token.range)
            }
            let close = advance()
            return Expression(.parenthesized(inner), range: token.range.union(close.range))
        case .invalid:
            statementFailed = true
            return Expression(.invalid, range: token.range)
        default:
            let range = (token.kind == .newline || token.kind == .endOfFile) ? SourceRange.at(previousEnd) : token.range
            error(.expectedExpression, "expected a value, found \(describe(token))", at: range)
            return Expression(.invalid, range: range)
        }
    }

    private mutating func reportUnclosed(_ open: Token, closer: String) {
        if at(.invalid) {
            statementFailed = true
            return
        }
        let range = (at(.newline) || at(.endOfFile)) ? SourceRange.at(previousEnd) : current.range
        error(
            .unclosedDelimiter, "expected \(closer), found \(describe(current))", at: range,
            secondary: [.init(file: file, range: open.range, label: "opened here")])
    }

    private mutating func parseWordExpression() -> Expression {
        let token = advance()
        switch token.keyword {
        case .true: return Expression(.literal(.bool(true)), range: token.range)
        case .false: return Expression(.literal(.bool(false)), range: token.range)
        case .on: return Expression(.literal(.bool(true)), range: token.range)
        case .off: return Expression(.literal(.bool(false)), range: token.range)
        case .synthetic where current.kind.isLiteral:
            let load = parseUnary()
            if case .invalid = load.kind { return load }
            return Expression(.synthetic(load), range: token.range.union(load.range))
        default: break
        }
        let name = Identifier(text(token), range: token.range)
        guard at(.leftParen) else { return Expression(.name(name), range: token.range) }
        let open = advance()
        guard enterNesting(at: open.range) else { return Expression(.invalid, range: open.range) }
        defer { leaveNesting() }
        var arguments: [Expression] = []
        skipNewlines()
        while !at(.rightParen) {
            let argument = parseExpression()
            if case .invalid = argument.kind { return argument }
            arguments.append(argument)
            skipNewlines()
            if eat(.comma) == nil { break }
            skipNewlines()
        }
        guard at(.rightParen) else {
            reportUnclosed(open, closer: "')' to close the arguments of \(name.name)(...)")
            return Expression(.invalid, range: open.range)
        }
        let close = advance()
        return Expression(.call(name, arguments), range: token.range.union(close.range))
    }

    /// `[a, b, c]`; may span lines, may end with a comma.
    private mutating func parseList() -> Expression {
        let open = advance()
        guard enterNesting(at: open.range) else { return Expression(.invalid, range: open.range) }
        defer { leaveNesting() }
        var elements: [Expression] = []
        skipNewlines()
        while !at(.rightBracket) {
            let element = parseExpression()
            if case .invalid = element.kind { return element }
            elements.append(element)
            skipNewlines()
            if eat(.comma) == nil { break }
            skipNewlines()
        }
        guard at(.rightBracket) else {
            reportUnclosed(open, closer: "']' or ','")
            return Expression(.invalid, range: open.range)
        }
        let close = advance()
        return Expression(.list(elements), range: open.range.union(close.range))
    }

    static func literal(of value: TokenValue) -> Literal {
        switch value {
        case .integer(let value): .integer(value)
        case .number(let value): .number(value)
        case .duration(let nanos): .duration(nanoseconds: nanos)
        case .percent(let value): .percent(value)
        case .count(let value, let unit): .count(value, unit: unit)
        case .rate(let value): .rate(perSecond: value)
        case .bytes(let value): .bytes(value)
        case .money(let value): .money(value)
        case .statusClass(let value): .statusClass(value)
        case .none, .string: .integer(0)
        }
    }
}
