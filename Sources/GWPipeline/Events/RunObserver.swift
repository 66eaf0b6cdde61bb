/// Receives a run's events as they happen. Called from many tasks at once: implementations
/// serialise what they print.
public protocol RunObserver: Sendable {
    func observe(_ event: RunEvent)
    /// The run is over: flush and stop drawing.
    func finish()
}

extension RunObserver {
    public func finish() {}
}
