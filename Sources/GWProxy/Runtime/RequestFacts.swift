/// What route predicates can read about one request, gathered once per request.
struct RequestFacts {
    var method: String
    var path: String
    /// Header lookups are case-insensitive; names are stored lowercased.
    var headers: [String: String]
    /// `model` from the JSON body, when a rule needed it.
    var model: String?
    var keyTeam: String?
    var keyId: String?
    /// A cheap estimate of prompt tokens (body bytes / 4).
    var bodyTokens: Double
    /// Whether a flag is on for this caller.
    var flagIsOn: (String) -> Bool
}
