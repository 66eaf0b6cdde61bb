/// A secret as a plan carries it: only the environment variable to read at run time.
public struct SecretPlan: Codable, Sendable, Hashable {
    public var environmentVariable: String

    public init(environmentVariable: String) {
        self.environmentVariable = environmentVariable
    }
}
