/// A SARIF 2.1.0 log (the subset gwpipe writes): one run of the `gwpipe` tool with its rules and
/// results. Code scanning services (GitHub, GitLab) read it to annotate the lines at fault.
public struct SARIFLog: Codable, Sendable, Hashable {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
    public static let version = "2.1.0"

    /// A `run`: the tool, and what it found.
    public struct Run: Codable, Sendable, Hashable {
        public var tool: Tool
        public var results: [SARIFResult]
        /// Columns count characters, not UTF-16 units.
        public var columnKind: String

        public init(tool: Tool, results: [SARIFResult], columnKind: String = "unicodeCodePoints") {
            self.tool = tool
            self.results = results
            self.columnKind = columnKind
        }
    }

    public struct Tool: Codable, Sendable, Hashable {
        public var driver: Driver

        public init(driver: Driver) {
            self.driver = driver
        }
    }

    public struct Driver: Codable, Sendable, Hashable {
        public var name: String
        public var version: String
        public var informationUri: String
        public var rules: [SARIFRule]

        public init(name: String, version: String, informationUri: String, rules: [SARIFRule]) {
            self.name = name
            self.version = version
            self.informationUri = informationUri
            self.rules = rules
        }
    }

    public var schema: String
    public var version: String
    public var runs: [Run]

    public init(runs: [Run]) {
        self.schema = SARIFLog.schemaURI
        self.version = SARIFLog.version
        self.runs = runs
    }

    private enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case version, runs
    }
}
