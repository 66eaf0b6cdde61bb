/// What route predicates can read about one request, gathered once per request. Public so that
/// `gwpipe repl` can ask the gateway's own evaluator about a simulated request.
public struct RequestFacts {
    public var method: String
    public var path: String
    /// Header lookups are case-insensitive; names are stored lowercased.
    public var headers: [String: String]
    /// `model` from the JSON body, when a rule needed it.
    public var model: String?
    public var keyTeam: String?
    public var keyId: String?
    /// A cheap estimate of prompt tokens (body bytes / 4).
    public var bodyTokens: Double
    /// Whether a flag is on for this caller.
    public var flagIsOn: (String) -> Bool

    public init(
        method: String, path: String, headers: [String: String], model: String?, keyTeam: String?, keyId: String?,
        bodyTokens: Double, flagIsOn: @escaping (String) -> Bool
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.model = model
        self.keyTeam = keyTeam
        self.keyId = keyId
        self.bodyTokens = bodyTokens
        self.flagIsOn = flagIsOn
    }
}
