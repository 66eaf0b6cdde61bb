/// A type as written in a `param`: `Duration`, `List<String>`, `Range<Duration>`.
public struct TypeSyntax: Sendable, Hashable {
    public var name: Identifier
    public var arguments: [TypeSyntax]
    public var range: SourceRange

    public init(name: Identifier, arguments: [TypeSyntax], range: SourceRange) {
        self.name = name
        self.arguments = arguments
        self.range = range
    }
}
