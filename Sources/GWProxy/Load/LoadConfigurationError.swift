/// A load run that cannot start as configured: a bad URL, rate, concurrency or method.
public struct LoadConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
