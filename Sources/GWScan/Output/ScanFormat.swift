/// How findings are printed: for people, for programs, or for GitHub Actions annotations.
public enum ScanFormat: String, Sendable, CaseIterable {
    /// `file:line:col: warning: message [GW-S002]` and a `help:` line, like the checker's diagnostics.
    case text
    /// JSON lines: one object per finding, keys sorted.
    case json
    /// `::error file=F,line=L,col=C::message` workflow commands, one per line.
    case github
}
