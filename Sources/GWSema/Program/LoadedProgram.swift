import GWSyntax

/// A root file and everything it imports, parsed, with the diagnostics of loading and parsing.
public struct LoadedProgram: Sendable {
    /// The root file first, then imports in the order they were first reached.
    public var files: [SourceFileSyntax]
    public var diagnostics: [Diagnostic]

    public init(files: [SourceFileSyntax], diagnostics: [Diagnostic]) {
        self.files = files
        self.diagnostics = diagnostics
    }

    /// The root file.
    public var root: SourceFileSyntax { files[0] }
}
