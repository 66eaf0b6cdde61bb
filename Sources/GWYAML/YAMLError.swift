/// A problem found while reading or writing YAML, with the place it was found.
///
/// Parse errors always carry a position; the description is the conventional compiler form
/// `file:line:column: error: message` so it can be printed as-is and editors can jump to it.
/// libyaml's `problem` and `context` (with the context's own position) are folded into `message`,
/// e.g. `found unexpected end of stream while scanning a quoted scalar that started at 1:4`.
///
/// Emitter errors have no source position: `line` and `column` are 0 and the description drops
/// them.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that react differently to different failures.
    public var kind: Kind
    /// The file name given to the parser (used only for messages).
    public var fileName: String
    /// 1-based line of the problem; 0 when unknown.
    public var line: Int
    /// 1-based column of the problem, in Unicode scalars; 0 when unknown.
    public var column: Int
    /// 0-based byte offset of the problem in the UTF-8 input.
    public var offset: Int
    /// A human-readable explanation, without the location prefix.
    public var message: String

    public init(kind: Kind, fileName: String, line: Int, column: Int, offset: Int, message: String) {
        self.kind = kind
        self.fileName = fileName
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }

    init(_ kind: Kind, _ message: String, fileName: String, at mark: YAMLMark) {
        self.init(
            kind: kind, fileName: fileName, line: mark.line, column: mark.column, offset: mark.offset,
            message: message)
    }

    /// The position of the problem as a mark.
    public var mark: YAMLMark { YAMLMark(line: line, column: column, offset: offset) }

    /// `file:line:column: error: message`.
    public var description: String {
        line > 0
            ? "\(fileName):\(line):\(column): error: \(message)"
            : "\(fileName): error: \(message)"
    }
}
