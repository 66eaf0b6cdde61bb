/// One run of text that looks like an API key: where it is, what it looks like, and how to name
/// it without repeating it.
public struct KeyLikeMatch: Sendable, Hashable {
    /// Byte offset of the key's first character in the scanned text.
    public var offset: Int
    /// In characters (keys are ASCII, so also in bytes).
    public var length: Int
    /// What it looks like, with its article: "an OpenAI API key".
    public var kind: String
    /// The first three characters, all that is ever shown of the key.
    public var visiblePrefix: String

    public init(offset: Int, length: Int, kind: String, visiblePrefix: String) {
        self.offset = offset
        self.length = length
        self.kind = kind
        self.visiblePrefix = visiblePrefix
    }

    /// `"sk-…" (51 characters)`: enough to find the key in the file, not enough to use it.
    public var redacted: String { "\"\(visiblePrefix)…\" (\(length) characters)" }
}
