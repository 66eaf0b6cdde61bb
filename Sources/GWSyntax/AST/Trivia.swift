/// The comments and blank lines around a declaration or statement, kept for the formatter.
public struct Trivia: Sendable, Hashable {
    /// Whole-line comments directly above.
    public var leadingComments: [Comment] = []
    /// A comment after the code on the same line as the node's end.
    public var trailingComment: Comment?
    /// Whether at least one blank line separated this node from what came before it.
    public var blankLineBefore = false

    public init() {}
}
