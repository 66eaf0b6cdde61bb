/// The syntax tree of one parsed `.gwpipe` file, with the diagnostics its parse produced.
public struct SourceFileSyntax: Sendable {
    public var file: SourceFile
    public var declarations: [Declaration]
    /// Comments after the last declaration.
    public var trailingComments: [Comment]
    public var blankLineBeforeTrailingComments: Bool
    /// Lexical and syntax diagnostics, in source order.
    public var diagnostics: [Diagnostic]

    public init(
        file: SourceFile, declarations: [Declaration], trailingComments: [Comment],
        blankLineBeforeTrailingComments: Bool, diagnostics: [Diagnostic]
    ) {
        self.file = file
        self.declarations = declarations
        self.trailingComments = trailingComments
        self.blankLineBeforeTrailingComments = blankLineBeforeTrailingComments
        self.diagnostics = diagnostics
    }
}
