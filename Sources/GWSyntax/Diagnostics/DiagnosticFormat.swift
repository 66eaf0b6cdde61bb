/// How diagnostics are printed: for people, for programs, or for GitHub Actions annotations.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `file:line:col: error: message [E0102]` with the source line and a caret underline.
    case text
    /// A JSON array, one object per diagnostic, for editors and scripts.
    case json
    /// `::error file=,line=,col=::message` workflow commands, one per line.
    case github
}
