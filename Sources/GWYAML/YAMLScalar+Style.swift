extension YAMLScalar {
    /// How a scalar was (or should be) written in the text.
    ///
    /// The style matters for meaning only in one way: untagged *plain* scalars are resolved by the
    /// YAML 1.2 core schema (`true`, `42`, `~` ...), while every other style always means a string.
    public enum Style: Sendable, Hashable, CaseIterable {
        /// Unquoted: `key: value`.
        case plain
        /// `'value'`; the only escape is `''`.
        case singleQuoted
        /// `"value"`, with backslash escapes.
        case doubleQuoted
        /// `|` block scalar: line breaks are kept.
        case literal
        /// `>` block scalar: single line breaks fold into spaces.
        case folded

        /// Whether the scalar is written between quote characters.
        public var isQuoted: Bool { self == .singleQuoted || self == .doubleQuoted }

        /// Whether the scalar is a `|` or `>` block scalar.
        public var isBlock: Bool { self == .literal || self == .folded }
    }
}
