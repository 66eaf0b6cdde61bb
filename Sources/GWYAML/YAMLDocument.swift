/// One document of a YAML stream, with the file name it was read from.
///
/// An empty input (or one with only comments) has no documents; ``parse(_:fileName:)`` then
/// returns a document whose root is an empty plain scalar at 1:1, which ``YAMLNode/isNull``
/// reports as null. That matches what YAML says `---` followed by nothing means, and lets callers
/// treat "empty file" and "`~`" alike without an optional root.
public struct YAMLDocument: Sendable, Hashable {
    /// The document's root node.
    public var root: YAMLNode
    /// The name the text was parsed under, for diagnostics.
    public var fileName: String

    public init(root: YAMLNode, fileName: String) {
        self.root = root
        self.fileName = fileName
    }

    /// Parses text that must contain at most one document, with the default ``YAMLParser``
    /// options (including `<<` merge-key resolution).
    public static func parse(_ text: String, fileName: String) throws(YAMLError) -> YAMLDocument {
        try YAMLParser().parse(text, fileName: fileName)
    }

    /// Parses a stream of `---`-separated documents with the default ``YAMLParser`` options.
    /// Empty input yields no documents.
    public static func parseAll(_ text: String, fileName: String) throws(YAMLError) -> [YAMLDocument] {
        try YAMLParser().parseAll(text, fileName: fileName)
    }

    /// Writes the document back to YAML text with the default ``YAMLEmitter`` options.
    public func emitted() throws(YAMLError) -> String {
        try YAMLEmitter().emit(root)
    }
}
