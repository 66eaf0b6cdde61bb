/// A position in YAML source text, used to point error messages at the exact place a value came
/// from (`envs/production.yaml:3:14: error: ...`).
///
/// `line` and `column` are 1-based. `column` counts Unicode scalars (code points) from the start of
/// the line, which is what libyaml counts, so `名前: 値` puts `値` at column 5. `offset` is the
/// 0-based byte offset into the UTF-8 input, including a leading byte order mark if there was one,
/// so callers can slice the original text.
///
/// Nodes built in code rather than parsed carry ``unknown`` (line and column 0).
public struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number; 0 when the position is unknown.
    public var line: Int
    /// 1-based column in Unicode scalars; 0 when the position is unknown.
    public var column: Int
    /// 0-based byte offset into the UTF-8 input.
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The mark given to nodes that were not parsed from text.
    public static let unknown = YAMLMark(line: 0, column: 0, offset: 0)

    /// Whether this mark points at real source text.
    public var isKnown: Bool { line > 0 }

    /// `line:column`, the form used inside diagnostics.
    public var description: String { "\(line):\(column)" }

    public static func < (lhs: YAMLMark, rhs: YAMLMark) -> Bool {
        lhs.offset < rhs.offset
    }
}
