/// Where an environment's gateway runs and how gwpipe reaches it, and its revision.
public struct EnvironmentPlan: Codable, Sendable, Hashable {
    public var listen: String?
    /// Empty for an embedded (in-process) gateway; otherwise the admin URLs of `gwpipe serve` instances.
    public var adminURLs: [String]
    public var adminToken: SecretPlan?
    public var valuesFile: String?
    public var limitsStore: String?
    /// The bound params (never secrets), for `explain` and audit.
    public var params: [String: String]
    public var revisionId: String
    public var revision: GatewayRevision

    public init(
        listen: String?, adminURLs: [String], adminToken: SecretPlan?, valuesFile: String?, limitsStore: String?,
        params: [String: String], revisionId: String, revision: GatewayRevision
    ) {
        self.listen = listen
        self.adminURLs = adminURLs
        self.adminToken = adminToken
        self.valuesFile = valuesFile
        self.limitsStore = limitsStore
        self.params = params
        self.revisionId = revisionId
        self.revision = revision
    }
}
