import Synchronization

/// A process-wide counter for request ids and mock answer ids. An atomic rather than a lock: every
/// request of every event loop takes a number.
final class RequestCounter: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int {
        value.wrappingAdd(1, ordering: .relaxed).newValue
    }

    /// `count` numbers at once, for a caller that hands them out itself (numbers stay unique,
    /// no longer in order of use across callers).
    func take(_ count: Int) -> Range<Int> {
        let end = value.wrappingAdd(count, ordering: .relaxed).newValue
        return (end - count + 1)..<(end + 1)
    }
}
