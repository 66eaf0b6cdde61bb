/// A message about one place in a source file: what was found, what was expected, and how to fix it.
///
/// Diagnostics are values: the lexer, parser and checker append them and never throw on bad
/// input, so one run reports every independent mistake.
public struct Diagnostic: Sendable, Hashable {
    /// A place in a file, optionally labelled ("block opened here").
    public struct Span: Sendable, Hashable {
        public var file: SourceFile
        public var range: SourceRange
        public var label: String?

        public init(file: SourceFile, range: SourceRange, label: String? = nil) {
            self.file = file
            self.range = range
            self.label = label
        }

        public static func == (lhs: Span, rhs: Span) -> Bool {
            lhs.file === rhs.file && lhs.range == rhs.range && lhs.label == rhs.label
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(ObjectIdentifier(file))
            hasher.combine(range)
            hasher.combine(label)
        }

        /// Where the span starts, as line and character column.
        public var start: SourcePosition { file.position(of: range.start) }
        /// Where the span ends (exclusive), as line and character column.
        public var end: SourcePosition { file.position(of: range.end) }
    }

    /// A mechanical edit that fixes the problem: replace `range` with `replacement`.
    public struct FixIt: Sendable, Hashable {
        public var range: SourceRange
        public var replacement: String
        public var message: String

        public init(range: SourceRange, replacement: String, message: String) {
            self.range = range
            self.replacement = replacement
            self.message = message
        }
    }

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var primary: Span
    public var secondary: [Span]
    public var hints: [String]
    public var fixIts: [FixIt]

    public init(
        _ severity: Severity,
        _ code: DiagnosticCode,
        _ message: String,
        at primary: Span,
        secondary: [Span] = [],
        hints: [String] = [],
        fixIts: [FixIt] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.primary = primary
        self.secondary = secondary
        self.hints = hints
        self.fixIts = fixIts
    }

    /// `file:line:column`, the location prefix every output format starts from.
    public var locationDescription: String {
        "\(primary.file.name):\(primary.start)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error (and so the input must not be used).
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
