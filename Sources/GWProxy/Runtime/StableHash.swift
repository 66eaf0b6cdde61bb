/// A fast, stable 64-bit hash (FNV-1a) for sticky assignment: the same caller lands on the same
/// side of a split in every process, unlike Swift's per-process seeded `Hasher`.
enum StableHash {
    static func hash(_ text: String, salt: String = "") -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in salt.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        return value
    }

    /// A point in [0, 100) for `text`, to compare with a percentage.
    static func percentile(_ text: String, salt: String = "") -> Double {
        Double(hash(text, salt: salt) % 1_000_000) / 10_000
    }
}
