import GRDB

extension StateStore {
    /// Records a revision the first time it is seen. Recording a known id again changes nothing,
    /// so a revert commit that rebuilds a known revision keeps the commit it first came from.
    public func recordRevision(_ revision: RevisionRecord) throws {
        try write { db in try revision.insert(db, onConflict: .ignore) }
    }

    /// The revision with this id (`sha256:...`), or nil.
    public func revision(id: String) throws -> RevisionRecord? {
        try read { db in try RevisionRecord.fetchOne(db, key: id) }
    }
}
