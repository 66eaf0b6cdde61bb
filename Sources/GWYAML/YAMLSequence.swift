/// An ordered list of nodes (`- a` lines or `[a, b]`).
///
/// Equality compares the items in order and the resolved tag; marks and block/flow style are
/// presentation and are not compared.
public struct YAMLSequence: Sendable, Hashable {
    /// The items in document order.
    public var items: [YAMLNode]
    /// Whether the sequence was written in block or flow style.
    public var style: YAMLCollectionStyle
    /// The explicit tag, expanded; nil when the sequence had none.
    public var tag: String?
    /// Where the sequence starts: its first `-` (or its anchor/tag), or the `[`.
    public var start: YAMLMark
    /// Where the sequence ends. For block sequences libyaml reports the position of the token that
    /// closes it, which is usually the start of the next line's content.
    public var end: YAMLMark

    public init(
        _ items: [YAMLNode] = [],
        style: YAMLCollectionStyle = .block,
        tag: String? = nil,
        start: YAMLMark = .unknown,
        end: YAMLMark = .unknown
    ) {
        self.items = items
        self.style = style
        self.tag = tag
        self.start = start
        self.end = end
    }

    /// The explicit tag, or `tag:yaml.org,2002:seq` when there is none (or it is `!`).
    public var resolvedTag: String {
        if let tag, tag != YAMLTag.nonSpecific { return tag }
        return YAMLTag.seq
    }

    /// The number of items.
    public var count: Int { items.count }

    /// The item at `index`, or nil when the index is out of range (never traps, so lookups driven
    /// by user data are safe).
    public subscript(index: Int) -> YAMLNode? {
        items.indices.contains(index) ? items[index] : nil
    }

    public static func == (lhs: YAMLSequence, rhs: YAMLSequence) -> Bool {
        lhs.resolvedTag == rhs.resolvedTag && lhs.items == rhs.items
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(resolvedTag)
        hasher.combine(items)
    }
}
