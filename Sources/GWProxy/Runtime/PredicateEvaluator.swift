import GWPlan

/// Evaluates compiled `when` predicates against a request's facts: numbers compare as numbers,
/// anything else only with `==` / `!=` as text, and a missing property never equals anything.
/// The gateway routes with it, and `gwpipe repl`'s `:route` simulates with it.
public enum PredicateEvaluator {
    public static func evaluate(_ predicate: Predicate, _ facts: RequestFacts) -> Bool {
        switch predicate {
        case .constant(let value):
            return value
        case .and(let a, let b):
            return evaluate(a, facts) && evaluate(b, facts)
        case .or(let a, let b):
            return evaluate(a, facts) || evaluate(b, facts)
        case .not(let inner):
            return !evaluate(inner, facts)
        case .flag(let name):
            return facts.flagIsOn(name)
        case .contains(let operand, let values):
            guard let value = text(operand, facts) else { return false }
            return values.contains(value)
        case .matches(let operand, let pattern):
            guard let value = text(operand, facts) else { return false }
            return RegexCache.shared.matches(pattern, value)
        case .compare(let op, let lhs, let rhs):
            if let a = number(lhs, facts), let b = number(rhs, facts) {
                switch op {
                case "==": return a == b
                case "!=": return a != b
                case "<": return a < b
                case "<=": return a <= b
                case ">": return a > b
                case ">=": return a >= b
                default: return false
                }
            }
            let a = text(lhs, facts)
            let b = text(rhs, facts)
            switch op {
            case "==": return a != nil && a == b
            case "!=": return a != b
            default: return false
            }
        }
    }

    static func text(_ operand: Operand, _ facts: RequestFacts) -> String? {
        switch operand {
        case .model: facts.model
        case .path: facts.path
        case .method: facts.method
        case .header(let name): facts.headers[name]
        case .keyTeam: facts.keyTeam
        case .keyId: facts.keyId
        case .bodyTokens: nil
        case .string(let value): value
        case .number, .strings: nil
        }
    }

    static func number(_ operand: Operand, _ facts: RequestFacts) -> Double? {
        switch operand {
        case .bodyTokens: facts.bodyTokens
        case .number(let value): value
        default: nil
        }
    }
}
