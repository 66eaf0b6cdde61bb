import Foundation
import GRDB

/// A revision is a row of `revisions`, keyed by its content hash; its canonical JSON is a blob.
extension RevisionRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "revisions"

    public init(row: Row) throws {
        let reader = RowReader(row, table: Self.databaseTableName)
        self.init(
            id: try reader.value("id"), environment: try reader.value("environment"),
            sourceFile: try reader.value("source_file"), gitCommit: try reader.value("git_commit"),
            gitAuthor: try reader.value("git_author"), gitMessage: try reader.value("git_message"),
            gitCommittedAt: try reader.optionalDate("git_committed_at"), recordedAt: try reader.date("recorded_at"),
            canonicalJSON: try reader.value("canonical_json"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["environment"] = environment
        container["source_file"] = sourceFile
        container["git_commit"] = gitCommit
        container["git_author"] = gitAuthor
        container["git_message"] = gitMessage
        container["git_committed_at"] = gitCommittedAt?.timeIntervalSince1970
        container["recorded_at"] = recordedAt.timeIntervalSince1970
        container["canonical_json"] = canonicalJSON
    }
}
