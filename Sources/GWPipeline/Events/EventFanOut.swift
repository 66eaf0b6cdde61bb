/// Hands every event to several observers (the console view, the events file, ...).
public struct EventFanOut: RunObserver {
    public var observers: [any RunObserver]

    public init(_ observers: [any RunObserver]) {
        self.observers = observers
    }

    public func observe(_ event: RunEvent) {
        for observer in observers { observer.observe(event) }
    }

    public func finish() {
        for observer in observers { observer.finish() }
    }

    public func pauseDrawing() {
        for observer in observers { observer.pauseDrawing() }
    }

    public func resumeDrawing() {
        for observer in observers { observer.resumeDrawing() }
    }
}
