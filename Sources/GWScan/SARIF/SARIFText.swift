/// A SARIF message or multiformat message string: plain text only.
public struct SARIFText: Codable, Sendable, Hashable {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }
}
