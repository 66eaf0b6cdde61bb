/// An expression: a value in an attribute, a `when` condition, a gate, a param default.
public struct Expression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case literal(Literal)
        case string(StringLiteral)
        /// A reference to a let, param, provider, metric, request property, or an enum word (`openai`).
        case name(Identifier)
        case list([Expression])
        /// `low..high`
        case range(Expression, Expression)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `env("X")`, `header("x-tier")`, `flag(new_router)`, `upstream_errors(openai)`
        case call(Identifier, [Expression])
        /// `key.team`, `canary.error_rate`
        case member(Expression, Identifier)
        case parenthesized(Expression)
        /// A scripted mock timeline: `30% after 20s`.
        case after(Expression, Expression)
        /// Synthetic load for a canary: `synthetic 50 rps`.
        case synthetic(Expression)
        /// Stands in where the parser found no valid expression (already reported).
        case invalid
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
