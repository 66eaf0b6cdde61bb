/// A SARIF `reportingDescriptor`: one rule in `tool.driver.rules`.
public struct SARIFRule: Codable, Sendable, Hashable {
    /// `defaultConfiguration`: how serious a result of the rule is unless it says otherwise.
    public struct Configuration: Codable, Sendable, Hashable {
        /// `error`, `warning` or `note`.
        public var level: String

        public init(level: String) {
            self.level = level
        }
    }

    public var id: String
    public var name: String
    public var shortDescription: SARIFText
    public var fullDescription: SARIFText
    public var defaultConfiguration: Configuration
    public var help: SARIFText

    public init(
        id: String, name: String, shortDescription: SARIFText, fullDescription: SARIFText,
        defaultConfiguration: Configuration,
        help: SARIFText
    ) {
        self.id = id
        self.name = name
        self.shortDescription = shortDescription
        self.fullDescription = fullDescription
        self.defaultConfiguration = defaultConfiguration
        self.help = help
    }
}
