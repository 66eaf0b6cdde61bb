/// Where a secret comes from at run time. The value itself is never read by `check` or `plan`
/// (only whether the variable is set), so it cannot reach a plan, a log or a message.
public struct SecretReference: Sendable, Hashable, Codable {
    /// The declared secret's name (`openai_key`).
    public var name: String
    /// The environment variable holding the value (`OPENAI_API_KEY`).
    public var environmentVariable: String

    public init(name: String, environmentVariable: String) {
        self.name = name
        self.environmentVariable = environmentVariable
    }
}
