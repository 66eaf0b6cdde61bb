import NIOCore

/// The idle keep-alive upstream connections of one event loop, by provider and target
/// (`UpstreamTarget.poolKey`), shared by the loop's client connections: a hundred clients need no
/// more upstream connections than they have requests in flight, which is what lets
/// `max_connections` hold. Used only on its loop. A short list searched by key costs less than
/// hashing the key into a dictionary twice per request.
final class UpstreamPool {
    /// Connections idle longer than this are closed: upstreams drop idle keep-alive connections
    /// after a while (nginx after 75 s), not always with a FIN we see, and an idle connection
    /// holds a slot of its provider's `max_connections`.
    static let idleLimit = TimeAmount.seconds(30)

    private struct Idle {
        let connection: UpstreamConnection
        let since: NIODeadline
    }

    let eventLoop: any EventLoop
    private var entries: [(key: String, idle: CircularBuffer<Idle>)] = []
    /// Closes what stayed idle past `idleLimit`; scheduled while anything is idle.
    private var sweep: Scheduled<Void>?
    /// Set when the server stops: connections given back after that are closed, not kept.
    private var closed = false

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// An idle, still open connection to `key`, taken out of the pool: the one idle longest, so
    /// requests go round the connections as they did with a pool per client connection (taking
    /// the most recent one measured 3% fewer requests/s in `Benchmarks/run.sh proxy-ab`).
    func take(_ key: String) -> UpstreamConnection? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let now = NIODeadline.now()
        while let idle = entries[index].idle.popFirst() {
            guard idle.connection.channel.isActive else { continue }
            if now - idle.since > UpstreamPool.idleLimit {
                idle.connection.channel.close(promise: nil)
                continue
            }
            return idle.connection
        }
        return nil
    }

    /// Keeps `connection` for the next request to its target on this loop.
    func put(_ connection: UpstreamConnection) {
        guard !closed else {
            connection.channel.close(promise: nil)
            return
        }
        let idle = Idle(connection: connection, since: .now())
        let key = connection.target.poolKey
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].idle.append(idle)
        } else {
            entries.append((key, CircularBuffer([idle])))
        }
        scheduleSweep()
    }

    /// Closes up to `count` open connections to `key`, those idle longest first (their slots in
    /// the budget go to requests waiting for one, or under a lowered limit). Connections already
    /// closed are dropped on the way: their slots came back when they closed.
    func closeIdle(_ key: String, count: Int = 1) {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return }
        var closed = 0
        while closed < count, let idle = entries[index].idle.popFirst() {
            guard idle.connection.channel.isActive else { continue }
            idle.connection.channel.close(promise: nil)
            closed += 1
        }
    }

    /// Closes every idle connection, and every one given back later (the server stops).
    func closeAll() {
        closed = true
        sweep?.cancel()
        sweep = nil
        for entry in entries {
            for idle in entry.idle { idle.connection.channel.close(promise: nil) }
        }
        entries = []
    }

    private func scheduleSweep() {
        guard sweep == nil else { return }
        sweep = eventLoop.assumeIsolated().scheduleTask(in: UpstreamPool.idleLimit) { [self] in
            sweep = nil
            closeIdlePastLimit()
        }
    }

    /// Connections are given back in time order, so the ones past the limit are at the front.
    private func closeIdlePastLimit() {
        let now = NIODeadline.now()
        var anyLeft = false
        for index in entries.indices {
            while let first = entries[index].idle.first, !first.connection.channel.isActive || now - first.since > UpstreamPool.idleLimit {
                entries[index].idle.removeFirst()
                first.connection.channel.close(promise: nil)
            }
            anyLeft = anyLeft || !entries[index].idle.isEmpty
        }
        if anyLeft { scheduleSweep() }
    }
}
