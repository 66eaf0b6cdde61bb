/// How expressions and types are printed: spaces around infix operators, none inside ranges,
/// literals as the user spelled them (`1m30s` stays `1m30s`) with spacing normalised.
extension Formatter {
    func render(_ expression: Expression) -> String {
        switch expression.kind {
        case .literal(let literal):
            return renderLiteral(literal, range: expression.range)
        case .string(let string):
            return file.text(in: string.range)
        case .name(let name):
            return name.name
        case .list(let elements):
            return "[" + elements.map(render).joined(separator: ", ") + "]"
        case .range(let low, let high):
            return "\(render(low))..\(render(high))"
        case .unary(let op, let operand):
            return op == .not ? "not \(render(operand))" : "-\(render(operand))"
        case .binary(let op, let lhs, let rhs):
            return "\(render(lhs)) \(op.rawValue) \(render(rhs))"
        case .call(let callee, let arguments):
            return "\(callee.name)(" + arguments.map(render).joined(separator: ", ") + ")"
        case .member(let base, let member):
            return "\(render(base)).\(member.name)"
        case .parenthesized(let inner):
            return "(\(render(inner)))"
        case .after(let value, let time):
            return "\(render(value)) after \(render(time))"
        case .synthetic(let load):
            return "synthetic \(render(load))"
        case .invalid:
            return file.text(in: expression.range)
        }
    }

    private func renderLiteral(_ literal: Literal, range: SourceRange) -> String {
        if case .bool(let value) = literal {
            // `on`/`off` and `true`/`false` are kept as written: `default = off` reads better for flags.
            let written = file.text(in: range)
            return ["true", "false", "on", "off"].contains(written) ? written : String(value)
        }
        // A count or rate with a unit word may have been written with several spaces or a tab.
        let written = file.text(in: range)
        var result = ""
        var lastWasSpace = false
        for character in written {
            if character == " " || character == "\t" {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result
    }

    func render(_ type: TypeSyntax) -> String {
        type.arguments.isEmpty
            ? type.name.name
            : "\(type.name.name)<" + type.arguments.map(render).joined(separator: ", ") + ">"
    }
}
