/// A sequence or mapping that has started but not yet ended, while ``TreeBuilder`` collects its
/// children.
///
/// A struct with both `items` and `pairs` rather than an enum with payloads: children are
/// appended through `frames[top].items.append(...)`, which mutates the array in place. Pattern
/// matching an enum payload would copy the array on every append and make building quadratic.
struct TreeBuilderFrame {
    enum Kind { case sequence, mapping }

    /// Keys are looked up linearly until a mapping has this many pairs, then through a dictionary,
    /// so small mappings (the common case) never pay for hashing.
    private static let indexThreshold = 8

    let kind: Kind
    let anchor: String?
    let tag: String?
    let style: YAMLCollectionStyle
    let start: YAMLMark
    var items: [YAMLNode] = []
    var pairs: [YAMLMapping.Pair] = []
    /// A mapping key whose value has not arrived yet.
    var pendingKey: YAMLNode?
    /// Nodes in this subtree, including everything reached through aliases.
    var nodeCount = 1
    private var keyIndex: [YAMLNode: Int]?

    init(kind: Kind, anchor: String?, tag: String?, style: YAMLCollectionStyle, start: YAMLMark) {
        self.kind = kind
        self.anchor = anchor
        self.tag = tag
        self.start = start
        self.style = style
    }

    /// The earlier pair with an equal key, if any.
    func existingPair(for key: YAMLNode) -> YAMLMapping.Pair? {
        if let keyIndex {
            return keyIndex[key].map { pairs[$0] }
        }
        return pairs.first { $0.key == key }
    }

    /// Records `key` as the next pair's key.
    mutating func setPendingKey(_ key: YAMLNode) {
        let index = pairs.count
        if keyIndex != nil {
            keyIndex![key] = index
        } else if index >= Self.indexThreshold {
            var built = [YAMLNode: Int](minimumCapacity: index * 2)
            for (offset, pair) in pairs.enumerated() { built[pair.key] = offset }
            built[key] = index
            keyIndex = built
        }
        pendingKey = key
    }
}
