/// A leaf value: the text of a scalar as written, how it was written, and its explicit tag.
///
/// The text is kept verbatim (after YAML's own unescaping and folding) instead of being converted
/// to `Bool`/`Int`/`Double` eagerly, because callers bind values by name later and must be able to
/// report the original text and position when a value has the wrong type.
///
/// Equality is about meaning, not presentation: two scalars are equal when they have the same text
/// and resolve to the same tag (see ``resolvedTag``). So `"x"` equals plain `x`, but plain `true`
/// (a bool) does not equal `'true'` (a string). Marks and style are not compared.
public struct YAMLScalar: Sendable, Hashable {
    /// The scalar's content after unescaping, folding and chomping.
    public var value: String
    /// How the scalar was written.
    public var style: Style
    /// The explicit tag, expanded (`!!int` is `tag:yaml.org,2002:int`, `!Ref` stays `!Ref`);
    /// nil when the scalar had none.
    public var tag: String?
    /// Where the scalar starts (at its anchor or tag when it has one, at the opening quote or
    /// block indicator for quoted and block scalars).
    public var start: YAMLMark
    /// Where the scalar ends (exclusive).
    public var end: YAMLMark

    public init(
        _ value: String,
        style: Style = .plain,
        tag: String? = nil,
        start: YAMLMark = .unknown,
        end: YAMLMark = .unknown
    ) {
        self.value = value
        self.style = style
        self.tag = tag
        self.start = start
        self.end = end
    }

    /// The tag this scalar means: its explicit tag, `str` for the non-specific `!` tag and for every
    /// non-plain style, and the YAML 1.2 core-schema type (null, bool, int, float, str) for an
    /// untagged plain scalar.
    public var resolvedTag: String {
        if let tag, tag != YAMLTag.nonSpecific { return tag }
        if tag == nil && style == .plain { return CoreSchema.resolvePlain(value).tag }
        return YAMLTag.str
    }

    /// Whether this scalar is null: an untagged plain `~`, `null`, `Null`, `NULL` or empty scalar
    /// (e.g. `key:` with nothing after it), or anything tagged `!!null`.
    public var isNull: Bool { resolvedTag == YAMLTag.null }

    /// The boolean value when the scalar resolves to `bool` and is one of the core-schema spellings
    /// (`true`/`True`/`TRUE`/`false`/`False`/`FALSE`). Quoted `"true"` is a string, so nil.
    public var boolValue: Bool? {
        resolvedTag == YAMLTag.bool ? CoreSchema.bool(value) : nil
    }

    /// The integer value when the scalar resolves to `int` (`42`, `-7`, `0o17`, `0x1F`) and fits in
    /// `Int`; otherwise nil.
    public var intValue: Int? {
        resolvedTag == YAMLTag.int ? CoreSchema.int(value) : nil
    }

    /// The floating-point value when the scalar resolves to `float` (`1.5`, `1e3`, `.inf`, `.nan`)
    /// or `int`; otherwise nil. `p99_budget: 1.5 seconds` is a string, so nil.
    public var doubleValue: Double? {
        let resolved = resolvedTag
        return resolved == YAMLTag.float || resolved == YAMLTag.int ? CoreSchema.double(value) : nil
    }

    public static func == (lhs: YAMLScalar, rhs: YAMLScalar) -> Bool {
        lhs.value == rhs.value && lhs.resolvedTag == rhs.resolvedTag
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(resolvedTag)
    }
}
