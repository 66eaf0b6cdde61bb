import Synchronization

/// A process-wide counter for request ids and mock answer ids. An atomic rather than a lock: every
/// request of every event loop takes a number.
final class RequestCounter: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int {
        value.wrappingAdd(1, ordering: .relaxed).newValue
    }
}
