/// How strict a check is and where it reads from.
public struct CheckOptions: Sendable {
    /// What an unset secret variable is: a warning for `check`, an error for `serve` and `run`.
    public enum SecretPolicy: Sendable {
        case warnIfUnset
        case requireSet
    }

    /// Check only this environment's values (all environments when nil).
    public var environment: String?
    public var secretPolicy: SecretPolicy
    /// The process environment, consulted only to know whether secret variables are set.
    public var environmentVariables: [String: String]
    /// Reads values and keys files (relative paths are resolved against the declaring file).
    public var readFile: ProgramLoader.ReadFile
    /// Why TLS could not use the PEM certificates of a `ca_file` (nil when it can). The checker
    /// checks their shape itself; the certificates inside are parsed by whoever can (the CLI passes
    /// the gateway's TLS code), so `check` finds what `serve` would fail on.
    public var certificateProblem: (@Sendable (String) -> String?)?

    public init(
        environment: String? = nil, secretPolicy: SecretPolicy = .warnIfUnset,
        environmentVariables: [String: String] = [:], readFile: @escaping ProgramLoader.ReadFile = ProgramLoader.readFromDisk,
        certificateProblem: (@Sendable (String) -> String?)? = nil
    ) {
        self.certificateProblem = certificateProblem
        self.environment = environment
        self.secretPolicy = secretPolicy
        self.environmentVariables = environmentVariables
        self.readFile = readFile
    }
}
