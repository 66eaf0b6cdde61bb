/// One upstream choice in a `when` or `else` arm: `openai 80% as "gpt-4o-mini"`.
public struct RouteTarget: Sendable, Hashable {
    public var provider: Identifier
    /// A percent; `nil` means the whole share (only valid for a single target).
    public var weight: Expression?
    /// The model name to rewrite the request to.
    public var model: Expression?
    public var range: SourceRange

    public init(provider: Identifier, weight: Expression?, model: Expression?, range: SourceRange) {
        self.provider = provider
        self.weight = weight
        self.model = model
        self.range = range
    }
}
