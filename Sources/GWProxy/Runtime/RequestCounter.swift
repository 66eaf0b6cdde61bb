import NIOConcurrencyHelpers

/// A process-wide counter for request ids and mock answer ids.
final class RequestCounter: Sendable {
    private let value = NIOLockedValueBox<Int>(0)

    func next() -> Int {
        value.withLockedValue { value in
            value += 1
            return value
        }
    }
}
