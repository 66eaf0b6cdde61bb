/// Receives a run's events as they happen. Called from many tasks at once: implementations
/// serialise what they print.
public protocol RunObserver: Sendable {
    func observe(_ event: RunEvent)
    /// The run is over: flush and stop drawing.
    func finish()
    /// Someone is asked a question on the terminal: stop redrawing (a redraw would erase the prompt)
    /// until `resumeDrawing()`. Events that arrive meanwhile are kept, and shown then.
    func pauseDrawing()
    func resumeDrawing()
}

extension RunObserver {
    public func finish() {}
    public func pauseDrawing() {}
    public func resumeDrawing() {}
}
