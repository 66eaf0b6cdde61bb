/// A `#` comment, kept beside the token stream so the formatter can put it back where it was.
public struct Comment: Sendable, Hashable {
    /// From the `#` to the end of the line, without the line terminator.
    public var range: SourceRange
    /// True when code precedes the comment on its line (`timeout = 30s  # why`).
    public var isTrailing: Bool

    public init(range: SourceRange, isTrailing: Bool) {
        self.range = range
        self.isTrailing = isTrailing
    }
}
