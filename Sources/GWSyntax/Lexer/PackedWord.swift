/// A word of up to 16 bytes packed into two integers, so the lexer compares the words it reads
/// against its keyword and unit tables without building a `String` for each one: decoding and
/// hashing a string per word was a quarter of lexing a 10k-route file.
struct PackedWord: Hashable {
    let low: UInt64
    let high: UInt64
    let count: Int

    /// The longest word that packs.
    static let capacity = 16

    /// `nil` when `bytes` is longer than `capacity`.
    @inline(__always)
    init?(_ bytes: ArraySlice<UInt8>) {
        let count = bytes.count
        guard count <= PackedWord.capacity else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        var shift: UInt64 = 0
        for (offset, byte) in zip(0..., bytes) {
            if offset < 8 {
                low |= UInt64(byte) << shift
            } else {
                high |= UInt64(byte) << (shift - 64)
            }
            shift += 8
        }
        self.low = low
        self.high = high
        self.count = count
    }

    /// Packs a table entry; the tables hold only words short enough to pack.
    init(_ text: String) {
        let bytes = Array(text.utf8)
        precondition(bytes.count <= PackedWord.capacity, "table word '\(text)' is too long to pack")
        self.init(bytes[...])!
    }

    /// The first byte, for bucketing; 0 for the empty word.
    var first: UInt8 { UInt8(truncatingIfNeeded: low) }
}
