import GWSyntax

/// Foundation also declares an `Expression` type; inside this module the name means the syntax node.
public typealias Expression = GWSyntax.Expression
