import GWSyntax

/// One problem the security scan found: which rule, how serious, what and where, and how to fix it.
///
/// Messages never hold a secret: a key-like string is shown as its first three characters and
/// its length (`"sk-…" (51 characters)`).
public struct Finding: Sendable, Hashable, Codable {
    /// A `ScanRule` id (`GW-S001`), or a checker code (`E0301`) for a diagnostic carried along.
    public var ruleId: String
    public var severity: Severity
    public var message: String
    public var location: FindingLocation
    /// What to change to make the finding go away.
    public var help: String

    public init(ruleId: String, severity: Severity, message: String, location: FindingLocation, help: String) {
        self.ruleId = ruleId
        self.severity = severity
        self.message = message
        self.location = location
        self.help = help
    }

    /// A finding of `rule` at its default severity.
    public init(_ rule: ScanRule, _ message: String, at location: FindingLocation, help: String? = nil) {
        self.init(
            ruleId: rule.id, severity: rule.defaultSeverity, message: message, location: location,
            help: help ?? rule.help)
    }

    /// Sorted by file, line, column, then rule, so output reads top to bottom and is stable.
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        var seen = Set<Finding>()
        return findings.filter { seen.insert($0).inserted }.sorted { a, b in
            if a.location != b.location { return a.location < b.location }
            if a.ruleId != b.ruleId { return a.ruleId < b.ruleId }
            return a.message < b.message
        }
    }
}

extension Array where Element == Finding {
    /// Whether any finding is an error (the scan step fails, `gwpipe scan` exits 1).
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
