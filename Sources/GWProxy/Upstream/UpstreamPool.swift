import NIOCore

/// The idle keep-alive upstream connections of one event loop, by target (scheme, host and port:
/// `UpstreamTarget.poolKey`), shared by the loop's client connections: a hundred clients need no
/// more upstream connections than they have requests in flight, which is what lets
/// `max_connections` hold. Used only on its loop. A short list searched by key costs less than
/// hashing the key into a dictionary twice per request.
final class UpstreamPool {
    /// Connections idle longer than this are closed rather than reused: upstreams drop idle
    /// keep-alive connections after a while (nginx after 75 s), not always with a FIN we see.
    static let idleLimit = TimeAmount.seconds(30)

    private struct Idle {
        let connection: UpstreamConnection
        let since: NIODeadline
    }

    let eventLoop: any EventLoop
    private var entries: [(key: String, idle: CircularBuffer<Idle>)] = []

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// An idle, still open connection to `key`, taken out of the pool: the one idle longest, so
    /// requests go round the connections as they did with a pool per client connection (taking
    /// the most recent one measured 3% fewer requests/s in `Benchmarks/run.sh proxy`).
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
        let idle = Idle(connection: connection, since: .now())
        let key = connection.target.poolKey
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].idle.append(idle)
        } else {
            entries.append((key, CircularBuffer([idle])))
        }
    }

    /// Closes the connection to `key` idle longest, if there is one (its slot in the budget goes
    /// to a request waiting for one).
    func closeOneIdle(_ key: String) {
        guard let index = entries.firstIndex(where: { $0.key == key }), let idle = entries[index].idle.popFirst() else { return }
        idle.connection.channel.close(promise: nil)
    }

    /// Closes every idle connection.
    func closeAll() {
        for entry in entries {
            for idle in entry.idle { idle.connection.channel.close(promise: nil) }
        }
        entries = []
    }
}
