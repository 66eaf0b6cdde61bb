/// A name as written in the source (`openai`, `p99_budget`), with where it was written.
public struct Identifier: Sendable, Hashable {
    public var name: String
    public var range: SourceRange

    public init(_ name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}
