/// One problem found in a suite file, with where it is: `file:line:column: error: message`.
public struct LocatedMessage: Sendable, Hashable, CustomStringConvertible {
    public var location: SuiteLocation
    public var message: String

    public init(location: SuiteLocation, message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message` (or `file: error: message` when there is no position),
    /// the compiler form editors and CI annotations understand.
    public var description: String {
        "\(location): error: \(message)"
    }
}
