import NIOConcurrencyHelpers
import NIOCore
import Prometheus

/// Token buckets kept in Redis so that every gateway process of an environment enforces one limit
/// together (`limits_store = "redis://..."`). Each check is one atomic script run on the event loop
/// of the request that asks, over that loop's own connection. When Redis does not answer within
/// the timeout the request goes on unchecked: a gateway never loses requests because its limit
/// store is down (see `LimitStoreOutageLog`).
final class RedisLimitStore: Sendable {
    let configuration: SharedLimitsConfiguration
    let outage: LimitStoreOutageLog
    /// One client per event loop, made by the loop's first check.
    private let clients = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<RedisLoopClient>]>([:])

    init(configuration: SharedLimitsConfiguration, uncheckedCounter: Counter? = nil) {
        self.configuration = configuration
        self.outage = LimitStoreOutageLog(configuration: configuration, counter: uncheckedCounter)
    }

    /// Takes every bucket of a request, in order, in one script run; called on `eventLoop`, and the
    /// verdict comes on it. Never fails: without an answer the verdict is `.unchecked`.
    func take(_ takes: [LimitTake], on eventLoop: any EventLoop) -> EventLoopFuture<LimitVerdict> {
        var keys: [String] = []
        var arguments: [String] = []
        keys.reserveCapacity(takes.count)
        arguments.reserveCapacity(takes.count * 3)
        for take in takes {
            keys.append(TokenBucketScript.key(take.bucket))
            arguments.append(String(take.capacity))
            arguments.append(String(take.windowSeconds * 1000))
            arguments.append(String(take.cost))
        }
        let outage = outage
        return client(on: eventLoop).evaluate(.take, keys: keys, arguments: arguments)
            .flatMapThrowing { reply -> LimitVerdict in try RedisLimitStore.verdict(reply, takes: takes.count) }
            .recover { error in
                outage.note(error, request: true)
                return .unchecked
            }
    }

    /// Charges a bucket after the fact (from a response's `usage`), on `eventLoop`. The gateway does
    /// not wait for it; the future (which never fails) says when Redis has it, or gave up.
    @discardableResult
    func charge(_ take: LimitTake, on eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        let outage = outage
        return client(on: eventLoop).evaluate(
            .charge, keys: [TokenBucketScript.key(take.bucket)],
            arguments: [String(take.capacity), String(take.windowSeconds * 1000), String(take.cost)]
        )
        .map { _ in }
        .recover { error in outage.note(error, request: false) }
    }

    /// Closes every loop's connection (on its loop); checks after this go unchecked.
    func shutDown() {
        for bound in clients.withLockedValue({ Array($0.values) }) {
            bound.eventLoop.execute { bound.value.shutDown() }
        }
    }

    /// The take script's answer: `{0}`, or `{index, wait}` for the bucket that refused.
    static func verdict(_ reply: RESPValue, takes: Int) throws -> LimitVerdict {
        guard case .array(let elements?) = reply, case .integer(let index)? = elements.first else {
            throw RedisClientError.unexpectedReply
        }
        if index == 0 { return .admitted }
        guard (1...Int64(takes)).contains(index), elements.count == 2, let wait = elements[1].text.flatMap(Double.init), wait.isFinite
        else { throw RedisClientError.unexpectedReply }
        return .refused(index: Int(index) - 1, retryAfter: max(0, wait))
    }

    private func client(on eventLoop: any EventLoop) -> RedisLoopClient {
        let id = ObjectIdentifier(eventLoop)
        return clients.withLockedValue { clients in
            if let bound = clients[id] { return bound.value }
            let client = RedisLoopClient(eventLoop: eventLoop, configuration: configuration)
            clients[id] = NIOLoopBound(client, eventLoop: eventLoop)
            return client
        }
    }
}
