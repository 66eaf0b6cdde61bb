/// A half-open range of byte offsets into one `SourceFile`; every token and syntax node carries one.
///
/// Offsets are stored as 32 bits (files up to 4 GiB): ranges sit in every token and node, and
/// halving them measurably cut the memory, and so the time, of checking 100k-route files.
public struct SourceRange: Sendable, Hashable, Codable {
    private var storedStart: UInt32
    private var storedEnd: UInt32

    public var start: Int {
        get { Int(storedStart) }
        set { storedStart = UInt32(clamping: newValue) }
    }

    public var end: Int {
        get { Int(storedEnd) }
        set { storedEnd = UInt32(clamping: newValue) }
    }

    public init(start: Int, end: Int) {
        self.storedStart = UInt32(clamping: start)
        self.storedEnd = UInt32(clamping: end)
    }

    private enum CodingKeys: String, CodingKey {
        case start, end
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(start: try container.decode(Int.self, forKey: .start), end: try container.decode(Int.self, forKey: .end))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
    }

    /// An empty range at `offset`, used for "expected X here" diagnostics.
    public static func at(_ offset: Int) -> SourceRange { SourceRange(start: offset, end: offset) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    public var isEmpty: Bool { start >= end }
}
