import NIOCore

/// Closes connections of clients that are too slow or silent: a request head must arrive within
/// `headerTimeout` of its first byte (slowloris), and a keep-alive connection with no request for
/// `idleTimeout` is closed. While a request is being answered neither clock runs (a long stream
/// reads nothing from its client).
///
/// One timer per connection is kept and re-armed only when it fires, rather than a task scheduled
/// and cancelled for every request: on a busy keep-alive connection it fires about once per
/// timeout and finds the request it was armed for long answered.
///
/// The connection's `GatewayHandler` owns it and tells it what happens; it is not a handler of
/// its own in the pipeline, where passing every read and read-complete through it cost ~800
/// instructions per request.
final class SlowClientClock {
    let headerTimeout: TimeAmount
    let idleTimeout: TimeAmount
    private var awaitingHead = true
    /// When the first byte of the head being awaited arrived; nil while no head is on its way.
    private var headStarted: NIODeadline?
    /// Since when the connection has had nothing to do (its last answer ended, or it opened).
    private var idleSince = NIODeadline.now()
    private var timer: Scheduled<Void>?
    /// When `timer` fires.
    private var armedAt: NIODeadline?

    init(headerTimeout: TimeAmount, idleTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
    }

    /// The connection is open (or the handler joined an open one): the idle clock starts.
    func start(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        idleSince = .now()
        arm(context, at: idleSince + idleTimeout)
    }

    /// Bytes came from the client: if they begin a head, its clock starts.
    func bytesArrived(_ context: ChannelHandlerContext) {
        guard awaitingHead, headStarted == nil else { return }
        let now = NIODeadline.now()
        headStarted = now
        // Usually the timer is due sooner already (armed for an earlier head); after an idle
        // spell it is armed for the idle deadline and is brought forward, once.
        let due = now + headerTimeout
        if armedAt.map({ $0 > due }) ?? true { arm(context, at: due) }
    }

    /// The request parser read a complete head: this request arrived in time.
    func headReceived() {
        awaitingHead = false
        headStarted = nil
    }

    /// The response is done; the next request's head is timed from its first byte.
    func responseFinished() {
        awaitingHead = true
        idleSince = .now()
    }

    /// The connection closed: nothing is timed any more.
    func stop() {
        timer?.cancel()
        timer = nil
        armedAt = nil
    }

    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer?.cancel()
        armedAt = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] () -> Void in
            guard let self else { return }
            self.timer = nil
            self.armedAt = nil
            let now = NIODeadline.now()
            let next: NIODeadline
            if !self.awaitingHead {
                next = now + self.headerTimeout  // an answer is in flight; look again later
            } else if let started = self.headStarted {
                next = started + self.headerTimeout
            } else {
                next = self.idleSince + self.idleTimeout
            }
            if self.awaitingHead, now >= next {
                context.close(promise: nil)
            } else {
                self.arm(context, at: next)
            }
        }
    }
}
