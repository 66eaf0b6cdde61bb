/// The labels one series of request metrics is kept under; windows merge the series that match.
struct SeriesKey: Hashable, Sendable {
    var revision: String
    var slot: String
    var route: String
    var upstream: String

    /// This runs for every request, and hashing four strings whole (one a 71-byte digest) was a
    /// thousand instructions of it: each label goes in as its length and last eight bytes, which
    /// tell live series apart (revision digests differ at the end, names of routes and providers
    /// mostly do). Equality still compares everything, so a collision costs a comparison, no more.
    func hash(into hasher: inout Hasher) {
        hasher.combine(SeriesKey.fingerprint(revision))
        hasher.combine(SeriesKey.fingerprint(slot))
        hasher.combine(SeriesKey.fingerprint(route))
        hasher.combine(SeriesKey.fingerprint(upstream))
    }

    /// The length and the last (up to) eight bytes of `label` in one word.
    private static func fingerprint(_ label: String) -> UInt64 {
        label.utf8.withContiguousStorageIfAvailable { bytes in
            var tail: UInt64 = 0
            for byte in bytes.suffix(8) { tail = tail << 8 | UInt64(byte) }
            return tail ^ UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        } ?? UInt64(label.utf8.count)
    }
}
