import Foundation
import GWPlan

/// Evaluates a route's compiled `when` predicates against a simulated request, with the
/// gateway's semantics (`GWProxy`'s `PredicateEvaluator`): numbers compare as numbers, anything
/// else only with `==` / `!=` as text, and a missing property never equals anything.
struct RequestPredicate {
    var request: SimulatedRequest
    /// Whether each flag is on for this caller; a flag the revision does not declare is off.
    var flagIsOn: (String) -> Bool

    func evaluate(_ predicate: GWPlan.Predicate) -> Bool {
        switch predicate {
        case .constant(let value):
            return value
        case .and(let a, let b):
            return evaluate(a) && evaluate(b)
        case .or(let a, let b):
            return evaluate(a) || evaluate(b)
        case .not(let inner):
            return !evaluate(inner)
        case .flag(let name):
            return flagIsOn(name)
        case .contains(let operand, let values):
            guard let value = text(operand) else { return false }
            return values.contains(value)
        case .matches(let operand, let pattern):
            guard let value = text(operand), let regex = try? NSRegularExpression(pattern: pattern) else {
                return false
            }
            return regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        case .compare(let op, let lhs, let rhs):
            if let a = number(lhs), let b = number(rhs) {
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
            let a = text(lhs)
            let b = text(rhs)
            switch op {
            case "==": return a != nil && a == b
            case "!=": return a != b
            default: return false
            }
        }
    }

    func text(_ operand: Operand) -> String? {
        switch operand {
        case .model: request.model
        case .path: request.path
        case .method: request.method
        case .header(let name): request.headers[name.lowercased()]
        case .keyTeam: request.team
        case .keyId: request.keyId
        case .bodyTokens: nil
        case .string(let value): value
        case .number, .strings: nil
        }
    }

    func number(_ operand: Operand) -> Double? {
        switch operand {
        case .bodyTokens: request.bodyTokens
        case .number(let value): value
        default: nil
        }
    }
}
