/// The labels one series of request metrics is kept under; windows merge the series that match.
struct SeriesKey: Hashable, Sendable {
    var revision: String
    var slot: String
    var route: String
    var upstream: String

    /// Revision ids are long digests (`sha256:` + 64 hex digits) and this runs for every request:
    /// their length and last 8 bytes tell live revisions apart for a fraction of the cost of hashing
    /// them whole. Equality still compares everything.
    func hash(into hasher: inout Hasher) {
        var tail: UInt64 = 0
        for byte in revision.utf8.suffix(8) { tail = tail << 8 | UInt64(byte) }
        hasher.combine(tail)
        hasher.combine(revision.utf8.count)
        hasher.combine(slot)
        hasher.combine(route)
        hasher.combine(upstream)
    }
}
