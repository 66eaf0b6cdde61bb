/// Providers tried in order when the chosen upstream fails with one of `on`.
public struct FallbackPlan: Codable, Sendable, Hashable {
    public var providers: [String]
    public var on: [String]

    public init(providers: [String], on: [String]) {
        self.providers = providers
        self.on = on
    }
}
