/// A named fault: replaces a provider with a mock behaviour in tests.
public struct MockOverride: Codable, Sendable, Hashable {
    public var provider: String
    public var behavior: MockBehavior

    public init(provider: String, behavior: MockBehavior) {
        self.provider = provider
        self.behavior = behavior
    }
}
