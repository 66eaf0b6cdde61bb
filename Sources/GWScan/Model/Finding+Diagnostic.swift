import GWSyntax

extension Finding {
    /// A checker diagnostic as a finding, so one report (text, SARIF) can hold both. The code
    /// becomes the rule id, the hints the help; anything key-like in the message is masked,
    /// because the checker quotes values it rejects (`key expects Secret, found String "sk-..."`).
    public init(diagnostic: Diagnostic) {
        let start = diagnostic.primary.start
        self.init(
            ruleId: diagnostic.code.rawValue, severity: diagnostic.severity,
            message: KeyLikeText.masked(diagnostic.message),
            location: FindingLocation(file: diagnostic.primary.file.name, line: start.line, column: start.column),
            help: KeyLikeText.masked(diagnostic.hints.joined(separator: "; ")))
    }
}
