/// A half-open range of byte offsets into one `SourceFile`; every token and syntax node carries one.
public struct SourceRange: Sendable, Hashable, Codable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// An empty range at `offset`, used for "expected X here" diagnostics.
    public static func at(_ offset: Int) -> SourceRange { SourceRange(start: offset, end: offset) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    public var isEmpty: Bool { start >= end }
}
