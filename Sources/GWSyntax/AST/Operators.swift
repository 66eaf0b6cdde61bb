/// A prefix operator: `not x`, `-x`.
public enum UnaryOperator: String, Sendable, Hashable {
    case not
    case negate = "-"
}

/// An infix operator, spelled as in the source.
public enum BinaryOperator: String, Sendable, Hashable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case `in`, matches
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// Whether this compares two values (these do not chain: `a < b < c` is an error).
    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .matches: true
        default: false
        }
    }
}
