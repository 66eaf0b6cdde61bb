import GWSyntax

/// A rule of the security scan as tools list it: a stable id, a name, what it looks for, how
/// serious a finding is by default, and how to fix one. SARIF's `tool.driver.rules` is this list.
public struct ScanRule: Sendable, Hashable {
    /// `GW-S001`...; never reused for another meaning.
    public var id: String
    /// A short kebab-case name (`provider-key-in-source`).
    public var name: String
    public var shortDescription: String
    public var fullDescription: String
    public var defaultSeverity: Severity
    /// The fix, in one or two sentences; findings may give a more specific one.
    public var help: String

    public init(
        id: String, name: String, shortDescription: String, fullDescription: String, defaultSeverity: Severity,
        help: String
    ) {
        self.id = id
        self.name = name
        self.shortDescription = shortDescription
        self.fullDescription = fullDescription
        self.defaultSeverity = defaultSeverity
        self.help = help
    }

    /// The rule with `id`, if the scan has one.
    public static func rule(id: String) -> ScanRule? {
        catalogue.first { $0.id == id }
    }
}
