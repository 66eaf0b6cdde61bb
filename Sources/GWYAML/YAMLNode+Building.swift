// Building nodes in code, for the emitter (`gwpipe ci init`) and for tests. Built nodes carry
// `YAMLMark.unknown`. Literals are typed by what they mean: a string literal is always a string,
// even `"true"` or `"3"`, so emitting it quotes it where needed.

extension YAMLNode {
    /// A string scalar. The style is `.plain` when the text reads back as a string unquoted,
    /// otherwise `.doubleQuoted`, so the node always means a string. Pass `.literal` or `.folded`
    /// to ask the emitter for a block scalar (`run: |`); a `.plain` request for text that would
    /// not read back as a string also becomes `.doubleQuoted`.
    public static func string(_ value: String, style: YAMLScalar.Style? = nil) -> YAMLNode {
        // Plain `<<` is how a merge key is written, so the string `<<` is quoted too.
        let readsAsString = CoreSchema.resolvePlain(value) == .string && !CoreSchema.isMergeKeyText(value)
        var chosen = style ?? .plain
        if chosen == .plain && !readsAsString { chosen = .doubleQuoted }
        return .scalar(YAMLScalar(value, style: chosen))
    }

    /// A plain integer scalar.
    public static func int(_ value: Int) -> YAMLNode {
        .scalar(YAMLScalar(String(value)))
    }

    /// A plain float scalar (`.inf`, `-.inf` and `.nan` for the special values).
    public static func double(_ value: Double) -> YAMLNode {
        .scalar(YAMLScalar(CoreSchema.text(for: value)))
    }

    /// A plain `true` or `false`.
    public static func bool(_ value: Bool) -> YAMLNode {
        .scalar(YAMLScalar(value ? "true" : "false"))
    }

    /// A plain `null`.
    public static var null: YAMLNode {
        .scalar(YAMLScalar("null"))
    }
}

extension YAMLNode: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension YAMLNode: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension YAMLNode: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension YAMLNode: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension YAMLNode: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: YAMLNode...) {
        self = .sequence(YAMLSequence(elements))
    }
}

extension YAMLNode: ExpressibleByDictionaryLiteral {
    /// Pairs keep the literal's order, which is the order they are emitted in.
    public init(dictionaryLiteral elements: (YAMLNode, YAMLNode)...) {
        self = .mapping(YAMLMapping(elements.map { (key: $0.0, value: $0.1) }))
    }
}
