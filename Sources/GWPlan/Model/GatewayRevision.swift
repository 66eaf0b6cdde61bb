/// The gateway part of a plan for one environment: what `gwpipe serve` runs. Its id is the
/// SHA-256 of its canonical JSON, so the same configuration always has the same id (a revert
/// yields a known id) and declaration order, comments and formatting never change it.
public struct GatewayRevision: Codable, Sendable, Hashable {
    public var gateway: String
    public var providers: [String: ProviderPlan]
    public var keySets: [String: [KeyPlan]]
    public var flags: [String: FlagPlan]
    public var routes: [String: RoutePlan]
    /// `"POST /v1/chat/completions"` → route name: the exact-match table the gateway looks requests up in.
    public var routeTable: [String: String]
    public var maxBodyBytes: Int64

    public init(
        gateway: String, providers: [String: ProviderPlan], keySets: [String: [KeyPlan]], flags: [String: FlagPlan],
        routes: [String: RoutePlan], routeTable: [String: String], maxBodyBytes: Int64
    ) {
        self.gateway = gateway
        self.providers = providers
        self.keySets = keySets
        self.flags = flags
        self.routes = routes
        self.routeTable = routeTable
        self.maxBodyBytes = maxBodyBytes
    }

    /// The key a request is looked up by.
    public static func tableKey(method: String, path: String) -> String { "\(method) \(path)" }
}
