/// A SARIF `result`: one finding or diagnostic, with its rule and where it is.
public struct SARIFResult: Codable, Sendable, Hashable {
    /// A `location`: only a physical one (a file, and a region of it when there is a line).
    public struct Location: Codable, Sendable, Hashable {
        public var physicalLocation: PhysicalLocation

        public init(physicalLocation: PhysicalLocation) {
            self.physicalLocation = physicalLocation
        }
    }

    public struct PhysicalLocation: Codable, Sendable, Hashable {
        public var artifactLocation: ArtifactLocation
        /// Absent for a finding about a whole file.
        public var region: Region?

        public init(artifactLocation: ArtifactLocation, region: Region?) {
            self.artifactLocation = artifactLocation
            self.region = region
        }
    }

    public struct ArtifactLocation: Codable, Sendable, Hashable {
        /// Relative to the directory the scan ran in, when the file is under it.
        public var uri: String

        public init(uri: String) {
            self.uri = uri
        }
    }

    public struct Region: Codable, Sendable, Hashable {
        public var startLine: Int
        public var startColumn: Int

        public init(startLine: Int, startColumn: Int) {
            self.startLine = startLine
            self.startColumn = startColumn
        }
    }

    public var ruleId: String
    /// The rule's position in `tool.driver.rules`.
    public var ruleIndex: Int
    public var level: String
    public var message: SARIFText
    public var locations: [Location]

    public init(ruleId: String, ruleIndex: Int, level: String, message: SARIFText, locations: [Location]) {
        self.ruleId = ruleId
        self.ruleIndex = ruleIndex
        self.level = level
        self.message = message
        self.locations = locations
    }
}
