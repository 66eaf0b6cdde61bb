import Foundation
import GWSyntax

/// Types an expression in its context and evaluates it when it is constant.
///
/// The same checker serves `check` (reporting diagnostics, params at their defaults) and the
/// plan builder (silent, params bound to an environment's values), so the rules live in one place.
public struct ExpressionChecker {
    /// Declared names; looked up for every name an expression uses.
    let symbols: SymbolTable
    /// Param values for the environment being evaluated (defaults already applied).
    var bindings: [String: Value]
    /// Whether to record diagnostics (off when the plan builder re-evaluates checked code).
    let reporting: Bool
    public internal(set) var diagnostics: [Diagnostic] = []
    var letCache: [String: Typed] = [:]
    var lettersInProgress: Set<String> = []

    public init(symbols: [String: Symbol], bindings: [String: Value], reporting: Bool) {
        self.init(table: SymbolTable(symbols), bindings: bindings, reporting: reporting)
    }

    /// A checker over an already built table (the checker's and the model's), so no table is rebuilt per evaluator.
    public init(table: SymbolTable, bindings: [String: Value], reporting: Bool) {
        self.symbols = table
        self.bindings = bindings
        self.reporting = reporting
    }

    mutating func report(
        _ code: DiagnosticCode, _ message: String, file: SourceFile, range: SourceRange,
        hints: [String] = [], secondary: [Diagnostic.Span] = [], severity: Severity = .error
    ) {
        guard reporting else { return }
        diagnostics.append(
            Diagnostic(severity, code, message, at: .init(file: file, range: range), secondary: secondary, hints: hints))
    }

    // MARK: Entry points

    /// Checks `expression` in `context`.
    public mutating func check(_ expression: Expression, in file: SourceFile, context: ExpressionContext) -> Typed {
        switch expression.kind {
        case .literal(let literal):
            return checkLiteral(literal, file: file, range: expression.range)
        case .string(let string):
            return checkString(string, file: file)
        case .name(let name):
            return checkName(name, file: file, context: context)
        case .list(let elements):
            return checkList(elements, file: file, context: context, range: expression.range)
        case .range(let low, let high):
            return checkRange(low, high, file: file, context: context)
        case .unary(let op, let operand):
            return checkUnary(op, operand, file: file, context: context, range: expression.range)
        case .binary(let op, let lhs, let rhs):
            return checkBinary(op, lhs, rhs, file: file, context: context, range: expression.range)
        case .call(let callee, let arguments):
            return checkCall(callee, arguments, file: file, context: context, range: expression.range)
        case .member(let base, let member):
            return checkMember(base, member, file: file, context: context, range: expression.range)
        case .parenthesized(let inner):
            return check(inner, in: file, context: context)
        case .after(let value, let time):
            let typedValue = check(value, in: file, context: context)
            let typedTime = expect(time, .duration, in: file, context: context, what: "the time after 'after'")
            var result: Value?
            if let inner = typedValue.value, case .duration(let nanos)? = typedTime.value {
                result = .timeline(inner, afterNanoseconds: nanos)
            }
            return Typed(.timeline(typedValue.type), result)
        case .synthetic(let load):
            let typed = expect(load, .rate, in: file, context: context, what: "synthetic traffic")
            return Typed(.synthetic, typed.value.map { .synthetic($0) })
        case .invalid:
            return .error
        }
    }

    /// Checks that `expression` has type `expected`; reports a mismatch with a hint that fixes it.
    public mutating func expect(
        _ expression: Expression, _ expected: GWType, in file: SourceFile, context: ExpressionContext, what: String
    ) -> Typed {
        let typed = check(expression, in: file, context: context)
        guard typed.type.conforms(to: expected) else {
            reportMismatch(expected: expected.description, found: typed, expression: expression, file: file, what: what)
            return Typed(.error)
        }
        return typed
    }

    mutating func reportMismatch(expected: String, found: Typed, expression: Expression, file: SourceFile, what: String) {
        if found.type == .secret, expected == "String" {
            report(
                .secretInString, "a secret cannot be used as a string in \(what)", file: file, range: expression.range,
                hints: ["secrets only go where a Secret is expected (a provider's key, an admin_token, a notify URL)"])
            return
        }
        var hints: [String] = []
        if let hint = ExpressionChecker.unitHint(expected: expected, found: found) { hints.append(hint) }
        if expected == "Bool", found.type == .string {
            hints.append("a condition compares, such as header(\"x-tier\") == \"free\" or model in [\"gpt-4o\"]")
        }
        report(
            .typeMismatch, "\(what) expects \(expected), found \(describe(found))", file: file, range: expression.range,
            hints: hints)
    }

    func describe(_ typed: Typed) -> String {
        if let value = typed.value, typed.type != .secret {
            switch value {
            case .string, .int, .number, .bool, .word: return "\(typed.type) \(value.displayText)"
            default: break
            }
        }
        return typed.type.description
    }

    /// `expected Duration, found Int` → `write 2s or 2000ms`.
    static func unitHint(expected: String, found: Typed) -> String? {
        let number: String
        switch found.value {
        case .int(let value)?: number = String(value)
        case .number(let value)?: number = Value.trim(value)
        case .string(let text)?:
            // Only a quoted literal such as "60s" is fixed by dropping the quotes.
            let looksLikeLiteral = text.first.map { $0.isNumber || $0 == "$" } ?? false
            return looksLikeLiteral && expected != "String" ? "write the value without quotes: \(text)" : nil
        default:
            return nil
        }
        switch expected {
        case "Duration":
            if case .int(let value)? = found.value, value <= Int64.max / 1000 { return "write \(value)s or \(value * 1000)ms" }
            return "write \(number)s or \(number)ms"
        case "Percent":
            // `0.01` is more often a fraction meant as 1% than a hundredth of a percent.
            if let share = found.value?.numeric, share > 0, share < 1 {
                let percent = Value.trim((share * 100 * 1e9).rounded() / 1e9)
                return "write \(percent)% if \(number) is a fraction, or \(number)%"
            }
            return "write \(number)%"
        case "Bytes": return "write \(number)KB or \(number)MB"
        case "Money": return "write $\(number)"
        case "Rate": return "write \(number) requests / 1s or \(number) rps"
        case "Count": return "write \(number) requests or \(number) tokens"
        default: return nil
        }
    }
}
