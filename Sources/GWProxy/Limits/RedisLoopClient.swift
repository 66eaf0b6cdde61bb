import NIOCore

/// The limits store as one event loop sees it: a connection made on that loop when first needed
/// and made anew after it fails, and the command timeout. Touched only on its loop, so requests
/// check their limits without a lock or a thread hop.
final class RedisLoopClient {
    private enum Link {
        case idle
        case connecting(EventLoopFuture<RedisConnection>)
        case ready(RedisConnection)
        /// A connection attempt failed or the connection was stuck: checks fail at once until `until`.
        case resting(until: NIODeadline, reason: String)
        case shutDown
    }

    let eventLoop: any EventLoop
    private let configuration: SharedLimitsConfiguration
    private var link = Link.idle

    init(eventLoop: any EventLoop, configuration: SharedLimitsConfiguration) {
        self.eventLoop = eventLoop
        self.configuration = configuration
    }

    /// Runs `script` by its SHA-1 (scripts are loaded as each connection opens; a Redis that forgot
    /// them since, by `SCRIPT FLUSH`, is sent the source).
    /// Fails with `RedisClientError` when no answer comes within the timeout, when the store is
    /// unreachable, or when Redis answers with an error.
    func evaluate(_ script: TokenBucketScript, keys: [String], arguments: [String]) -> EventLoopFuture<RESPValue> {
        let answer = eventLoop.makePromise(of: RESPValue.self)
        // Whichever comes first, the reply or the timeout, settles `answer`; the other is dropped.
        let settled = NIOLoopBoundBox(false, eventLoop: eventLoop)
        let timer = eventLoop.assumeIsolated().scheduleTask(in: configuration.timeout) { [weak self] in
            guard !settled.value else { return }
            settled.value = true
            answer.fail(RedisClientError.timedOut)
            self?.restIfStuck()
        }
        let tail = [String(keys.count)] + keys + arguments
        connection().assumeIsolated().flatMap { connection -> EventLoopFuture<RESPValue> in
            connection.send(["EVALSHA", script.sha1] + tail).assumeIsolated().flatMap { reply -> EventLoopFuture<RESPValue> in
                // A Redis whose script cache was flushed knows the script by source only.
                if case .error(let message) = reply, message.hasPrefix("NOSCRIPT") {
                    return connection.send(["EVAL", script.source] + tail)
                }
                return connection.channel.eventLoop.makeSucceededFuture(reply)
            }
            .nonisolated()
        }
        .whenComplete { result in
            timer.cancel()
            guard !settled.value else { return }
            settled.value = true
            switch result {
            case .success(.error(let message)): answer.fail(RedisClientError.server(String(message.prefix(200))))
            case .success(let reply): answer.succeed(reply)
            case .failure(let error): answer.fail(error)
            }
        }
        return answer.futureResult
    }

    /// Closes the connection; later checks fail at once.
    func shutDown() {
        if case .ready(let connection) = link { connection.close() }
        link = .shutDown
    }

    /// The connection to use now: the open one, the one being made, or a new attempt.
    private func connection() -> EventLoopFuture<RedisConnection> {
        switch link {
        case .ready(let connection) where connection.isActive:
            return eventLoop.assumeIsolated().makeSucceededFuture(connection)
        case .connecting(let pending):
            return pending
        case .resting(let until, let reason) where NIODeadline.now() < until:
            return eventLoop.makeFailedFuture(RedisClientError.unreachable(reason: reason))
        case .shutDown:
            return eventLoop.makeFailedFuture(RedisClientError.connectionClosed)
        case .idle, .ready, .resting:
            return connect()
        }
    }

    private func connect() -> EventLoopFuture<RedisConnection> {
        let pending = RedisConnection.connect(to: configuration, on: eventLoop).flatMapErrorThrowing { error in
            throw error is RedisClientError ? error : RedisClientError.unreachable(reason: RedisClientError.reason(connecting: error))
        }
        link = .connecting(pending)
        // Registered before anyone else's callback, so the link is up to date when theirs run.
        pending.assumeIsolated().whenComplete { [weak self] result in
            guard let self else { return }
            guard case .connecting = link else {  // shut down meanwhile
                if case .success(let connection) = result { connection.close() }
                return
            }
            switch result {
            case .success(let connection):
                link = .ready(connection)
                // Loaded before any check is sent, so the checks' EVALSHA finds them: without it the
                // first of each would fall back to EVAL only after its NOSCRIPT answer, behind
                // checks sent later.
                for script in TokenBucketScript.all { _ = connection.send(["SCRIPT", "LOAD", script.source]) }
                connection.channel.closeFuture.assumeIsolated().whenComplete { [weak self, weak connection] _ in
                    guard let self, case .ready(let current) = link, current === connection else { return }
                    link = .idle  // the next check reconnects
                }
            case .failure(let error):
                link = .resting(until: .now() + configuration.reconnectDelay, reason: "\(error)")
            }
        }
        return pending
    }

    /// A connection on which commands time out one after another while the oldest unanswered has
    /// waited past `stuckAfter` (a Redis that is paused or swamped) is closed and made anew later.
    private func restIfStuck() {
        guard case .ready(let connection) = link, let oldest = connection.oldestUnansweredSince,
            NIODeadline.now() - oldest >= configuration.stuckAfter
        else { return }
        let waited = configuration.stuckAfter.nanoseconds / 1_000_000
        link = .resting(until: .now() + configuration.reconnectDelay, reason: "no answer for \(waited) ms")
        connection.close()
    }
}
