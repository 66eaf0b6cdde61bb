/// Turns the flat event stream from libyaml into ``YAMLDocument`` trees, enforcing what libyaml's
/// event parser leaves to the application: anchors and aliases, duplicate keys, merge keys, and the
/// depth and alias-expansion limits.
///
/// Uses an explicit stack of frames instead of recursion, so hostile nesting hits the depth limit
/// with an error rather than overflowing the stack.
struct TreeBuilder {
    /// An anchored node and the size of its subtree, so each alias can charge its expansion.
    private struct Anchored {
        var node: YAMLNode
        var nodeCount: Int
    }

    private let fileName: String
    private let options: YAMLParser.Options
    /// When set, a second document is an error (values files hold exactly one document).
    private let singleDocument: Bool

    private(set) var documents: [YAMLDocument] = []
    private var frames: [TreeBuilderFrame] = []
    private var anchors: [String: Anchored] = [:]
    private var expandedNodes = 0
    private var root: YAMLNode?

    init(fileName: String, options: YAMLParser.Options, singleDocument: Bool) {
        self.fileName = fileName
        self.options = options
        self.singleDocument = singleDocument
    }

    mutating func handle(_ event: ParseEvent) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd:
            break

        case .documentStart(let start):
            if singleDocument && !documents.isEmpty {
                throw error(
                    .multipleDocuments, "expected a single YAML document, but another one starts here", at: start)
            }
            // Anchors are scoped to their document.
            anchors = [:]
            expandedNodes = 0
            root = nil

        case .documentEnd:
            // libyaml always produces a root node for a document (an empty plain scalar for `---`
            // alone), so the fallback only guards against a malformed event stream.
            let fallback = YAMLNode.scalar(YAMLScalar("", start: YAMLMark(line: 1, column: 1, offset: 0)))
            documents.append(YAMLDocument(root: root ?? fallback, fileName: fileName))

        case .alias(let name, let start):
            // Checked first: the nearest `&name` before the alias is the open collection, even if
            // an earlier node also used the name.
            if frames.contains(where: { $0.anchor == name }) {
                throw error(
                    .recursiveAlias,
                    "alias '*\(name)' refers to a node that contains it; recursive aliases are not supported",
                    at: start)
            }
            guard let anchored = anchors[name] else {
                throw error(
                    .undefinedAlias,
                    "undefined alias '*\(name)': no anchor '&\(name)' appears before it in this document",
                    at: start)
            }
            expandedNodes += anchored.nodeCount
            if expandedNodes > options.maxAliasExpandedNodes {
                throw error(
                    .aliasExpansionLimit,
                    "aliases expand to more than \(options.maxAliasExpandedNodes) nodes; refusing to expand '*\(name)'",
                    at: start)
            }
            try add(anchored.node, nodeCount: anchored.nodeCount)

        case .scalar(let scalar, let anchor):
            let node = YAMLNode.scalar(scalar)
            if let anchor { anchors[anchor] = Anchored(node: node, nodeCount: 1) }
            try add(node, nodeCount: 1)

        case .sequenceStart(let anchor, let tag, let style, let start):
            try push(TreeBuilderFrame(kind: .sequence, anchor: anchor, tag: tag, style: style, start: start))

        case .mappingStart(let anchor, let tag, let style, let start):
            try push(TreeBuilderFrame(kind: .mapping, anchor: anchor, tag: tag, style: style, start: start))

        case .sequenceEnd(let end):
            let frame = frames.removeLast()
            let node = YAMLNode.sequence(
                YAMLSequence(frame.items, style: frame.style, tag: frame.tag, start: frame.start, end: end))
            try finish(node, frame: frame)

        case .mappingEnd(let end):
            let frame = frames.removeLast()
            let pairs = options.resolveMergeKeys ? try applyingMergeKeys(frame.pairs) : frame.pairs
            let node = YAMLNode.mapping(
                YAMLMapping(pairs, style: frame.style, tag: frame.tag, start: frame.start, end: end))
            try finish(node, frame: frame)
        }
    }

    // MARK: - Stack

    private mutating func push(_ frame: TreeBuilderFrame) throws(YAMLError) {
        if frames.count >= options.maxDepth {
            throw error(
                .nestingLimit, "collections are nested more than \(options.maxDepth) levels deep", at: frame.start)
        }
        frames.append(frame)
    }

    private mutating func finish(_ node: YAMLNode, frame: TreeBuilderFrame) throws(YAMLError) {
        if let anchor = frame.anchor { anchors[anchor] = Anchored(node: node, nodeCount: frame.nodeCount) }
        try add(node, nodeCount: frame.nodeCount)
    }

    /// Attaches a completed node to the open collection, or makes it the document root.
    private mutating func add(_ node: YAMLNode, nodeCount: Int) throws(YAMLError) {
        guard !frames.isEmpty else {
            root = node
            return
        }
        let top = frames.count - 1
        frames[top].nodeCount += nodeCount
        switch frames[top].kind {
        case .sequence:
            frames[top].items.append(node)
        case .mapping:
            if let key = frames[top].pendingKey {
                frames[top].pairs.append((key: key, value: node))
                frames[top].pendingKey = nil
            } else {
                if let first = frames[top].existingPair(for: node) {
                    throw error(
                        .duplicateKey,
                        "duplicate key \(Self.describe(key: node)) in mapping (first defined at \(first.key.start))",
                        at: node.start)
                }
                frames[top].setPendingKey(node)
            }
        }
    }

    // MARK: - Merge keys

    private func isMergeKey(_ node: YAMLNode) -> Bool {
        guard case .scalar(let scalar) = node, scalar.value == "<<" else { return false }
        return scalar.tag == YAMLTag.merge || (scalar.tag == nil && scalar.style == .plain)
    }

    /// Replaces each `<<` pair by the pairs of the mapping(s) it names, skipping keys the mapping
    /// defines itself and keys an earlier merge already supplied (YAML 1.1 merge semantics).
    private func applyingMergeKeys(_ pairs: [YAMLMapping.Pair]) throws(YAMLError) -> [YAMLMapping.Pair] {
        guard pairs.contains(where: { isMergeKey($0.key) }) else { return pairs }
        var seen = Set(pairs.lazy.filter { !isMergeKey($0.key) }.map(\.key))
        var result: [YAMLMapping.Pair] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            guard isMergeKey(pair.key) else {
                result.append(pair)
                continue
            }
            var sources: [YAMLMapping] = []
            switch pair.value {
            case .mapping(let mapping):
                sources = [mapping]
            case .sequence(let sequence):
                for item in sequence.items {
                    guard case .mapping(let mapping) = item else {
                        throw error(
                            .invalidMerge,
                            "merge key '<<' expects a mapping or a sequence of mappings, "
                                + "but the sequence contains a \(Self.describe(kind: item))",
                            at: pair.key.start)
                    }
                    sources.append(mapping)
                }
            case .scalar:
                throw error(
                    .invalidMerge, "merge key '<<' expects a mapping or a sequence of mappings, not a scalar",
                    at: pair.key.start)
            }
            for source in sources {
                for merged in source.pairs where seen.insert(merged.key).inserted {
                    result.append(merged)
                }
            }
        }
        return result
    }

    // MARK: - Errors

    private func error(_ kind: YAMLError.Kind, _ message: String, at mark: YAMLMark) -> YAMLError {
        YAMLError(kind, message, fileName: fileName, at: mark)
    }

    private static func describe(key: YAMLNode) -> String {
        guard case .scalar(let scalar) = key else { return "(a \(describe(kind: key)))" }
        let limit = 60
        let text = scalar.value.count > limit ? scalar.value.prefix(limit) + "…" : Substring(scalar.value)
        return "'\(text)'"
    }

    private static func describe(kind node: YAMLNode) -> String {
        switch node {
        case .scalar: "scalar"
        case .sequence: "sequence"
        case .mapping: "mapping"
        }
    }
}
