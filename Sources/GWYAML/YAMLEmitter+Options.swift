extension YAMLEmitter {
    /// Formatting choices for ``YAMLEmitter``.
    public struct Options: Sendable, Hashable {
        /// Spaces per indentation level; libyaml accepts 2 through 9.
        public var indentation: Int
        /// Column at which libyaml folds long plain and quoted scalars onto several lines; nil
        /// never folds, which keeps generated files diff-friendly (long `run:` commands stay on
        /// one line).
        public var lineWidth: Int?
        /// When false (the default), plain and quoted scalars are written in whatever style libyaml
        /// finds safe (plain where the text reads back with the same meaning, otherwise quoted),
        /// and multi-line strings are written as `|` literal blocks. When true, each scalar asks
        /// for its own ``YAMLScalar/style``; libyaml still switches to a quoted style where the
        /// requested one cannot represent the text.
        public var preserveScalarStyles: Bool
        /// When false (the default) every collection is written in block style; when true,
        /// collections whose ``YAMLCollectionStyle`` is `.flow` stay in flow style.
        public var preserveFlowCollections: Bool
        /// Also quote strings that a YAML 1.1 reader would take for something else (`yes`, `no`,
        /// `on`, `off`, `0755`, `1:30`, dates ...). They are strings under YAML 1.2, but quoting
        /// them keeps the output unambiguous for every reader. Note that this quotes the GitHub
        /// Actions `on:` key as `'on':`, which GitHub accepts.
        public var quoteYAML11Ambiguities: Bool
        /// Start every document with `---`, even the first.
        public var explicitDocumentStart: Bool

        public init(
            indentation: Int = 2,
            lineWidth: Int? = nil,
            preserveScalarStyles: Bool = false,
            preserveFlowCollections: Bool = false,
            quoteYAML11Ambiguities: Bool = true,
            explicitDocumentStart: Bool = false
        ) {
            self.indentation = indentation
            self.lineWidth = lineWidth
            self.preserveScalarStyles = preserveScalarStyles
            self.preserveFlowCollections = preserveFlowCollections
            self.quoteYAML11Ambiguities = quoteYAML11Ambiguities
            self.explicitDocumentStart = explicitDocumentStart
        }
    }
}
