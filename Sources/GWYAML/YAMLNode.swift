/// One node of a parsed (or hand-built) YAML document: a scalar, a sequence or a mapping.
///
/// Nodes are plain values (`Sendable`, `Hashable`), so a parsed tree can be shared across tasks
/// and aliases are simply copies of the anchored node (cheap: arrays share storage). A node
/// reached through an alias keeps the marks of the anchored node, i.e. it points at the text that
/// defined the value.
///
/// Equality ignores marks and presentation (quote style, block/flow) and compares meaning: scalar
/// text plus resolved tag, items and pairs in order. That makes `parse(emit(tree)) == tree` hold and
/// lets tests compare a parsed document with a literal such as `["name": "CI", "jobs": [:]]`.
public enum YAMLNode: Sendable, Hashable {
    case scalar(YAMLScalar)
    case sequence(YAMLSequence)
    case mapping(YAMLMapping)

    // MARK: Position

    /// Where the node starts in the source.
    public var start: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.start
        case .sequence(let sequence): sequence.start
        case .mapping(let mapping): mapping.start
        }
    }

    /// Where the node ends in the source (exclusive).
    public var end: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.end
        case .sequence(let sequence): sequence.end
        case .mapping(let mapping): mapping.end
        }
    }

    // MARK: Tags

    /// The explicit tag written on the node, expanded; nil when there was none.
    public var tag: String? {
        switch self {
        case .scalar(let scalar): scalar.tag
        case .sequence(let sequence): sequence.tag
        case .mapping(let mapping): mapping.tag
        }
    }

    /// The tag the node means; see ``YAMLScalar/resolvedTag``.
    public var resolvedTag: String {
        switch self {
        case .scalar(let scalar): scalar.resolvedTag
        case .sequence(let sequence): sequence.resolvedTag
        case .mapping(let mapping): mapping.resolvedTag
        }
    }

    // MARK: Case access

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// The sequence, when this node is one.
    public var sequence: YAMLSequence? {
        if case .sequence(let sequence) = self { return sequence }
        return nil
    }

    /// The mapping, when this node is one.
    public var mapping: YAMLMapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    // MARK: Scalar conveniences

    /// The text of a scalar node of any style or type; nil for collections.
    public var scalarValue: String? { scalar?.value }

    /// Whether the node is a null scalar (`~`, `null`, `Null`, `NULL`, empty plain); see
    /// ``YAMLScalar/isNull``.
    public var isNull: Bool { scalar?.isNull ?? false }

    /// See ``YAMLScalar/boolValue``.
    public var boolValue: Bool? { scalar?.boolValue }

    /// See ``YAMLScalar/intValue``.
    public var intValue: Int? { scalar?.intValue }

    /// See ``YAMLScalar/doubleValue``.
    public var doubleValue: Double? { scalar?.doubleValue }

    // MARK: Collection conveniences

    /// The value for a scalar key in a mapping node; nil when this is not a mapping or the key is
    /// absent. See ``YAMLMapping/subscript(_:)``.
    public subscript(key: String) -> YAMLNode? {
        mapping?[key]
    }

    /// The item at `index` of a sequence node; nil when this is not a sequence or the index is out
    /// of range.
    public subscript(index: Int) -> YAMLNode? {
        sequence?[index]
    }
}
