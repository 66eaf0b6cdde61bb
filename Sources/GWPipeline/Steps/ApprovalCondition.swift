import GWSyntax

/// `approve when EXPR`: whether an approval is needed, from facts about the run (`branch`, `commit`,
/// `author`). The checker has typed the expression already; this evaluates it with the language's
/// own parser: `==`, `!=`, `in [...]`, `matches "re"`, `and`, `or`, `not`.
struct ApprovalCondition {
    let source: String

    /// nil when the text does not parse (the checker would have said so).
    func evaluate(_ facts: [String: String]) -> Bool? {
        let syntax = Parser.parse("let approval_condition = \(source)\n", name: "<approve when>")
        guard syntax.diagnostics.isEmpty, case .let(_, let expression)? = syntax.declarations.first?.kind else { return nil }
        return truth(expression, facts)
    }

    private func truth(_ expression: Expression, _ facts: [String: String]) -> Bool? {
        switch expression.kind {
        case .parenthesized(let inner):
            return truth(inner, facts)
        case .unary(.not, let inner):
            return truth(inner, facts).map { !$0 }
        case .literal:
            return nil
        case .binary(.and, let lhs, let rhs):
            guard let a = truth(lhs, facts), let b = truth(rhs, facts) else { return nil }
            return a && b
        case .binary(.or, let lhs, let rhs):
            guard let a = truth(lhs, facts), let b = truth(rhs, facts) else { return nil }
            return a || b
        case .binary(.equal, let lhs, let rhs):
            return string(lhs, facts).flatMap { a in string(rhs, facts).map { a == $0 } }
        case .binary(.notEqual, let lhs, let rhs):
            return string(lhs, facts).flatMap { a in string(rhs, facts).map { a != $0 } }
        case .binary(.in, let lhs, let rhs):
            guard let value = string(lhs, facts), case .list(let items) = rhs.kind else { return nil }
            return items.compactMap { string($0, facts) }.contains(value)
        case .binary(.matches, let lhs, let rhs):
            guard let value = string(lhs, facts), let pattern = string(rhs, facts),
                let regex = try? Regex(pattern)
            else { return nil }
            return value.contains(regex)
        default:
            return nil
        }
    }

    /// A fact unknown in this run (no git) reads as the empty string.
    private func string(_ expression: Expression, _ facts: [String: String]) -> String? {
        switch expression.kind {
        case .string(let literal): literal.constantValue
        case .name(let name): facts[name.name] ?? ""
        case .parenthesized(let inner): string(inner, facts)
        default: nil
        }
    }
}
