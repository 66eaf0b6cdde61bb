import Foundation

/// A gateway revision gwpipe has seen, with the commit it came from, and its content so it can be
/// redeployed without the file (a rollback to a known-good revision).
public struct RevisionRecord: Codable, Sendable, Hashable {
    /// `sha256:...`, the SHA-256 of `canonicalJSON`.
    public var id: String
    public var environment: String
    public var sourceFile: String
    public var gitCommit: String?
    public var gitAuthor: String?
    public var gitMessage: String?
    /// When the commit was made, for lead time in `gwpipe stats`.
    public var gitCommittedAt: Date?
    public var recordedAt: Date
    /// The revision's canonical JSON (never holds a secret's value: secrets are env-var references).
    public var canonicalJSON: Data

    public init(
        id: String, environment: String, sourceFile: String, gitCommit: String?, gitAuthor: String?, gitMessage: String?,
        gitCommittedAt: Date?, recordedAt: Date, canonicalJSON: Data
    ) {
        self.id = id
        self.environment = environment
        self.sourceFile = sourceFile
        self.gitCommit = gitCommit
        self.gitAuthor = gitAuthor
        self.gitMessage = gitMessage
        self.gitCommittedAt = gitCommittedAt
        self.recordedAt = recordedAt
        self.canonicalJSON = canonicalJSON
    }
}
