/// An ordered list of key/value pairs (`key: value` lines or `{key: value}`).
///
/// Pairs are kept in document order, because gwpipe re-emits mappings (CI workflows) and reports
/// problems in the order the user wrote them. The parser rejects duplicate keys, so a key appears
/// at most once in a parsed mapping. Keys are usually scalars but YAML allows any node.
///
/// Equality compares the pairs in order and the resolved tag; marks and block/flow style are not
/// compared.
public struct YAMLMapping: Sendable, Hashable {
    /// One entry of the mapping.
    public typealias Pair = (key: YAMLNode, value: YAMLNode)

    /// The entries in document order.
    public var pairs: [Pair]
    /// Whether the mapping was written in block or flow style.
    public var style: YAMLCollectionStyle
    /// The explicit tag, expanded; nil when the mapping had none.
    public var tag: String?
    /// Where the mapping starts: its first key (or its anchor/tag), or the `{`.
    public var start: YAMLMark
    /// Where the mapping ends. For block mappings libyaml reports the position of the token that
    /// closes it, which is usually the start of the next line's content.
    public var end: YAMLMark

    public init(
        _ pairs: [Pair] = [],
        style: YAMLCollectionStyle = .block,
        tag: String? = nil,
        start: YAMLMark = .unknown,
        end: YAMLMark = .unknown
    ) {
        self.pairs = pairs
        self.style = style
        self.tag = tag
        self.start = start
        self.end = end
    }

    /// The explicit tag, or `tag:yaml.org,2002:map` when there is none (or it is `!`).
    public var resolvedTag: String {
        if let tag, tag != YAMLTag.nonSpecific { return tag }
        return YAMLTag.map
    }

    /// The number of pairs.
    public var count: Int { pairs.count }

    /// The keys in document order.
    public var keys: [YAMLNode] { pairs.map(\.key) }

    /// The value of the first pair whose key is a scalar with exactly this text, whatever its style
    /// or type (so `mapping["1"]` finds the key `1`, and `mapping["on"]` finds `on:`).
    public subscript(key: String) -> YAMLNode? {
        pair(forKey: key)?.value
    }

    /// Like the subscript, but also returns the key node so callers can point diagnostics at it.
    public func pair(forKey key: String) -> Pair? {
        for pair in pairs {
            if case .scalar(let scalar) = pair.key, scalar.value == key { return pair }
        }
        return nil
    }

    public static func == (lhs: YAMLMapping, rhs: YAMLMapping) -> Bool {
        guard lhs.pairs.count == rhs.pairs.count, lhs.resolvedTag == rhs.resolvedTag else { return false }
        for (left, right) in zip(lhs.pairs, rhs.pairs) where left.key != right.key || left.value != right.value {
            return false
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(resolvedTag)
        hasher.combine(pairs.count)
        for pair in pairs {
            hasher.combine(pair.key)
            hasher.combine(pair.value)
        }
    }
}
