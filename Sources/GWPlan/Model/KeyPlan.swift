/// One admitted API key: its SHA-256 (hex) and team. Hashes are not secrets; keys never appear.
public struct KeyPlan: Codable, Sendable, Hashable {
    public var sha256: String
    public var team: String
    public var id: String?

    public init(sha256: String, team: String, id: String?) {
        self.sha256 = sha256
        self.team = team
        self.id = id
    }
}
