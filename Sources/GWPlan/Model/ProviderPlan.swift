/// An upstream as the gateway will call it.
public struct ProviderPlan: Codable, Sendable, Hashable {
    /// `openai`, `anthropic`, `openai_compatible` or `mock`.
    public var kind: String
    public var url: String?
    public var key: SecretPlan?
    public var timeoutMs: Double
    public var connectTimeoutMs: Double
    public var maxConnections: Int
    /// Present for `kind = mock`.
    public var mock: MockBehavior?
    /// Estimated price per 1k tokens, for the `cost` metric.
    public var costPer1kTokens: Double?
    /// PEM CA certificates from `ca_file`: an HTTPS upstream's certificate must chain to one of
    /// them (instead of the system's roots). Public data; the plan carries it so a remote gateway
    /// needs no copy of the file.
    public var caCertificates: String?

    public init(
        kind: String, url: String?, key: SecretPlan?, timeoutMs: Double, connectTimeoutMs: Double, maxConnections: Int,
        mock: MockBehavior?, costPer1kTokens: Double?, caCertificates: String? = nil
    ) {
        self.kind = kind
        self.url = url
        self.key = key
        self.timeoutMs = timeoutMs
        self.connectTimeoutMs = connectTimeoutMs
        self.maxConnections = maxConnections
        self.mock = mock
        self.costPer1kTokens = costPer1kTokens
        self.caCertificates = caCertificates
    }
}
