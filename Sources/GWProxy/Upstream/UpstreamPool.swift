/// The idle keep-alive upstream connections of one client connection, by target (scheme, host and
/// port: `UpstreamTarget.poolKey`). A client connection has one request in flight at a time, so
/// it holds at most one idle connection per target it has talked to: a short list searched by key
/// costs less than hashing the key into a dictionary twice per request.
struct UpstreamPool {
    private var entries: [(key: String, idle: [UpstreamConnection])] = []

    /// An idle, still open connection to `key`, taken out of the pool.
    mutating func take(_ key: String) -> UpstreamConnection? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        while let connection = entries[index].idle.popLast() {
            if connection.channel.isActive { return connection }
        }
        return nil
    }

    /// Keeps `connection` for the next request to its target.
    mutating func put(_ connection: UpstreamConnection) {
        let key = connection.target.poolKey
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].idle.append(connection)
        } else {
            entries.append((key, [connection]))
        }
    }

    /// Closes every idle connection (the client went away).
    mutating func closeAll() {
        for entry in entries {
            for connection in entry.idle { connection.channel.close(promise: nil) }
        }
        entries = []
    }
}
