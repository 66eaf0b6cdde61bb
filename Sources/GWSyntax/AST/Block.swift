/// A `{ ... }` body: its statements, and comments standing before the closing brace.
public struct Block: Sendable, Hashable {
    public var statements: [Statement]
    /// A comment on the line of the opening `{` (`route chat {  # the main route`).
    public var openingComment: Comment?
    /// Comments after the last statement, before `}`.
    public var closingComments: [Comment]
    /// Whether a blank line precedes the first closing comment.
    public var blankLineBeforeClosingComments: Bool
    /// From `{` to `}` inclusive.
    public var range: SourceRange

    public init(
        statements: [Statement], openingComment: Comment? = nil, closingComments: [Comment],
        blankLineBeforeClosingComments: Bool, range: SourceRange
    ) {
        self.statements = statements
        self.openingComment = openingComment
        self.closingComments = closingComments
        self.blankLineBeforeClosingComments = blankLineBeforeClosingComments
        self.range = range
    }
}
