import Foundation

/// The interpreter's sense of time. `scale` compresses every duration a pipeline declares (steps,
/// analysis intervals, abort windows, waits, pauses), so tests and demos run a whole release in
/// seconds; 1 is the wall clock. Sleeps end early, with `CancellationError`, when the run is cancelled.
public struct PipelineClock: Sendable {
    public var scale: Double

    public init(scale: Double = 1) {
        self.scale = scale > 0 && scale.isFinite ? scale : 1
    }

    /// A declared duration in milliseconds, as wall-clock seconds.
    public func seconds(milliseconds: Double) -> Double {
        max(0, milliseconds) * scale / 1000
    }

    /// Waits a declared duration.
    public func sleep(milliseconds: Double) async throws {
        try await sleep(seconds: seconds(milliseconds: milliseconds))
    }

    /// Waits wall-clock seconds (already scaled).
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else {
            try Task.checkCancellation()
            return
        }
        // A year at most: an absurd duration in a file must not overflow the conversion.
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 31_536_000) * 1_000_000_000))
    }

    public var now: Date { Date() }
}
