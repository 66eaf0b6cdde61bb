import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The part of a load run that one event loop carries: every `stride`-th request of the schedule,
/// its own keep-alive connections and its own tally. Everything here runs on `eventLoop`, so the
/// hot path takes no lock and no request hops threads.
final class LoadLane {
    /// What a lane is given: its slice of the schedule and of the connection budget.
    struct Plan: Sendable {
        var configuration: LoadConfiguration
        /// This lane sends requests `first`, `first + stride`, … of the run's schedule.
        var first: Int
        var stride: Int
        var maxConnections: Int
        var tls: NIOSSLContext?
    }

    private enum Phase {
        case ready, sending, draining, finished
    }

    let eventLoop: any EventLoop
    private let plan: Plan
    /// One head per rotating caller key (one in all without them), used in turn.
    private let heads: [HTTPRequestHead]
    private var headIndex = 0
    private let body: ByteBuffer?
    private let timeout: TimeAmount
    private let nanosPerRequest: Double

    private var phase = Phase.ready
    private var tally = LoadTally()
    /// Uptime nanoseconds of the run's first intended send, and of the end of sending (nil: until stopped).
    private var start: UInt64 = 0
    private var end: UInt64?
    private var nextIndex: Int
    private var tick: Scheduled<Void>?
    private var drainDeadline: Scheduled<Void>?
    /// Intended send times of requests waiting for a free connection, oldest first.
    private var waiting = CircularBuffer<UInt64>()
    private var idle: [LoadConnectionHandler] = []
    private var connections: [ObjectIdentifier: LoadConnectionHandler] = [:]
    /// Connections open or opening; `connecting` of them not yet usable.
    private var open = 0
    private var connecting = 0
    private var inFlight = 0
    private let done: EventLoopPromise<LoadTally>

    init(plan: Plan, eventLoop: any EventLoop) {
        self.plan = plan
        self.eventLoop = eventLoop
        let configuration = plan.configuration
        var headers = HTTPHeaders()
        let given = Set(configuration.headers.map { $0.name.lowercased() })
        if !given.contains("host") { headers.add(name: "host", value: configuration.target.authority) }
        if !configuration.body.isEmpty || !["GET", "HEAD"].contains(configuration.method.uppercased()) {
            headers.add(name: "content-length", value: String(configuration.body.count))
        }
        if !configuration.body.isEmpty, !given.contains("content-type") {
            headers.add(name: "content-type", value: "application/json")
        }
        for header in configuration.headers { headers.add(name: header.name, value: header.value) }
        let method = HTTPMethod(rawValue: configuration.method.uppercased())
        let uri = configuration.target.requestURI
        if configuration.rotatingBearerKeys.isEmpty {
            heads = [HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers)]
        } else {
            heads = configuration.rotatingBearerKeys.map { key in
                var keyed = headers
                keyed.replaceOrAdd(name: "authorization", value: "Bearer \(key)")
                return HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: keyed)
            }
        }
        // Lanes start at different callers so that, together, they spread over all of them.
        headIndex = plan.first % heads.count
        body = configuration.body.isEmpty ? nil : ByteBuffer(bytes: configuration.body)
        timeout = TimeAmount(configuration.requestTimeout)
        nanosPerRequest = 1e9 / configuration.rate
        nextIndex = plan.first
        done = eventLoop.makePromise(of: LoadTally.self)
    }

    // MARK: Life cycle

    /// Opens one connection ahead of the run, so the first requests don't pay for the handshake.
    /// Succeeds whether or not the connection could be made.
    func warmUp() -> EventLoopFuture<Void> {
        openConnection().map { _ in }
    }

    /// Starts sending at `start` (uptime nanoseconds); the future completes with the lane's tally
    /// once sending has stopped and the requests left have finished or the drain timed out.
    func begin(at start: UInt64) -> EventLoopFuture<LoadTally> {
        guard phase == .ready else { return done.futureResult }
        phase = .sending
        self.start = start
        if let duration = plan.configuration.duration {
            end = start &+ UInt64(clamping: TimeAmount(duration).nanoseconds)
        }
        scheduleTick()
        return done.futureResult
    }

    /// Stops scheduling new requests; those already due still go out and finish (up to the drain timeout).
    func stopSending() {
        switch phase {
        case .ready:
            phase = .sending
            finishSending()
        case .sending:
            finishSending()
        case .draining, .finished:
            break
        }
    }

    /// A copy of the tally so far, with what is still queued or in flight counted as unfinished.
    func snapshot() -> (tally: LoadTally, start: UInt64) {
        var copy = tally
        if phase != .finished { copy.unfinished = waiting.count + inFlight }
        return (copy, start)
    }

    // MARK: Schedule

    private func intendedTime(of index: Int) -> UInt64 {
        start &+ UInt64((Double(index) * nanosPerRequest).rounded())
    }

    private func scheduleTick() {
        guard phase == .sending else { return }
        let due = intendedTime(of: nextIndex)
        if let end, due >= end {
            // Sending lasts the whole duration even when this lane's last request came earlier.
            tick = eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(end)) { [self] in
                finishSending()
            }
            return
        }
        tick = eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(due)) { [self] in fire() }
    }

    /// Queues every request whose time has come — several when the loop woke late — then sends
    /// what the connections allow.
    private func fire() {
        let now = NIODeadline.now().uptimeNanoseconds
        while phase == .sending {
            let due = intendedTime(of: nextIndex)
            if due > now || end.map({ due >= $0 }) == true { break }
            waiting.append(due)
            tally.scheduled += 1
            nextIndex += plan.stride
        }
        dispatchWaiting()
        scheduleTick()
    }

    private func finishSending() {
        guard phase == .sending else { return }
        phase = .draining
        tick?.cancel()
        tick = nil
        drainDeadline = eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(plan.configuration.drainTimeout)) {
            [self] in finish()
        }
        finishIfDrained()
    }

    private func finishIfDrained() {
        if phase == .draining, waiting.isEmpty, inFlight == 0 { finish() }
    }

    private func finish() {
        guard phase != .finished else { return }
        phase = .finished
        drainDeadline?.cancel()
        tally.unfinished = waiting.count + inFlight
        tally.finishedNanos = NIODeadline.now().uptimeNanoseconds
        waiting.removeAll()
        for connection in connections.values { connection.abandon() }
        connections.removeAll()
        idle.removeAll()
        done.succeed(tally)
    }

    // MARK: Connections

    /// Sends waiting requests on idle connections, and opens connections (up to the lane's share
    /// of the concurrency) for those that still wait.
    private func dispatchWaiting() {
        while !waiting.isEmpty, let connection = idle.popLast() {
            let intended = waiting.removeFirst()
            let head = heads[headIndex]
            guard let sentAt = connection.send(intended: intended, head: head, body: body, timeout: timeout) else {
                // Closed under us; its close is on the way. The request keeps its place in the queue.
                waiting.prepend(intended)
                continue
            }
            headIndex = (headIndex + 1) % heads.count
            inFlight += 1
            tally.recordSend(at: sentAt)
        }
        while phase != .finished, waiting.count > connecting, open < plan.maxConnections {
            _ = openConnection()
        }
    }

    /// Opens a connection on this loop; true when it is up.
    private func openConnection() -> EventLoopFuture<Bool> {
        open += 1
        connecting += 1
        let target = plan.configuration.target
        let tls = plan.tls
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(plan.configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: target.host))
                    }
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(LoadConnectionHandler())
                }
            }
        return bootstrap.connect(host: target.host, port: target.port).assumeIsolated().map { [self] channel in
            connecting -= 1
            // An active channel's close is still ahead of us, so it will reach the lane set here.
            guard phase != .finished, channel.isActive,
                let handler = try? channel.pipeline.syncOperations.handler(type: LoadConnectionHandler.self)
            else {
                channel.close(promise: nil)
                connectFailed()
                return false
            }
            handler.lane = self
            tally.connectionsOpened += 1
            connections[ObjectIdentifier(handler)] = handler
            idle.append(handler)
            dispatchWaiting()
            return true
        }.recover { [self] _ in
            connecting -= 1
            connectFailed()
            return false
        }.nonisolated()
    }

    /// The oldest waiting request is the one that asked for the connection: it fails with it.
    private func connectFailed() {
        open -= 1
        guard phase != .finished else { return }
        if !waiting.isEmpty {
            waiting.removeFirst()
            tally.recordError(.connect)
        }
        dispatchWaiting()
        finishIfDrained()
    }

    // MARK: Events from connections

    func responseReceived(
        on connection: LoadConnectionHandler, status: Int, intended: UInt64, sent: UInt64, firstByte: UInt64?,
        end: UInt64, reusable: Bool
    ) {
        guard phase != .finished else { return }
        inFlight -= 1
        tally.recordResponse(status: status, intended: intended, sent: sent, firstByte: firstByte, end: end)
        if reusable { idle.append(connection) }
        dispatchWaiting()
        finishIfDrained()
    }

    func requestFailed(on connection: LoadConnectionHandler, kind: LoadErrorKind) {
        guard phase != .finished else { return }
        inFlight -= 1
        tally.recordError(kind)
        finishIfDrained()
    }

    func connectionClosed(_ connection: LoadConnectionHandler) {
        guard connections.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return }
        open -= 1
        idle.removeAll { $0 === connection }
        guard phase != .finished else { return }
        dispatchWaiting()
        finishIfDrained()
    }
}
