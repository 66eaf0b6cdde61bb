import NIOConcurrencyHelpers

/// Set once, read from anywhere.
final class TimeoutFlag: Sendable {
    private let value = NIOLockedValueBox(false)
    func set() { value.withLockedValue { $0 = true } }
    var isSet: Bool { value.withLockedValue { $0 } }
}
