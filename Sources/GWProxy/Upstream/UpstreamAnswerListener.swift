/// Who gets the parts of the answer to the request in flight on an `UpstreamConnection`: the
/// client connection's handler that sent it. A protocol rather than a closure, so handing a
/// connection its listener costs no allocation per request.
protocol UpstreamAnswerListener: AnyObject {
    /// A part of the answer to the request of `attempt` (the number the listener gave with it).
    func upstreamEvent(_ event: UpstreamConnection.Event, connection: UpstreamConnection, attempt: Int)
}
