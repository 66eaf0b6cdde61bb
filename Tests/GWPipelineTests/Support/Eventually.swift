import Foundation

/// Waits for a condition with a generous deadline instead of sleeping a fixed time: returns as soon
/// as it holds, `false` when the deadline passed first.
enum Eventually {
    static func wait(timeout: Double = 30, poll: Double = 0.02, _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            try? await Task.sleep(nanoseconds: UInt64(poll * 1_000_000_000))
        }
        return try condition()
    }
}
