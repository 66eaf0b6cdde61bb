/// An environment's params after its values file is applied: defaults, then overrides.
public struct EnvironmentBinding: Sendable, Hashable {
    public var name: String
    public var params: [String: Value]
    /// The values file, as written in the environment (relative to the declaring file).
    public var valuesFile: String?

    public init(name: String, params: [String: Value], valuesFile: String?) {
        self.name = name
        self.params = params
        self.valuesFile = valuesFile
    }
}
