/// The API keys a `keys` block admits: SHA-256 hashes (hex) and the team each belongs to.
public struct KeySet: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var sha256: String
        public var team: String
        /// An optional stable label for the key (`ci-bot`), used in metrics and limits.
        public var id: String?

        public init(sha256: String, team: String, id: String?) {
            self.sha256 = sha256
            self.team = team
            self.id = id
        }
    }

    public var name: String
    public var entries: [Entry]

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
    }
}
