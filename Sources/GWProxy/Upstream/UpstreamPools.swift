import NIOConcurrencyHelpers
import NIOCore

/// A gateway server's upstream connections: one idle pool per event loop and the budget that keeps
/// each upstream within its `max_connections`. Made once per server; each client connection finds
/// its loop's pool when it is accepted.
final class UpstreamPools: Sendable {
    let budget: UpstreamConnectionBudget
    // Made on a loop's first client connection; `NIOLoopBound` checks they are touched on their loop only.
    private let pools = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<UpstreamPool>]>([:])

    /// `metrics`: where the budget shows open connections and waiting requests per upstream.
    init(metrics: GatewayMetrics? = nil) {
        budget = UpstreamConnectionBudget(metrics: metrics)
    }

    /// The pool of `loop` (call on that loop).
    func pool(for loop: any EventLoop) -> UpstreamPool {
        pools.withLockedValue { pools in
            let id = ObjectIdentifier(loop as AnyObject)
            if let pool = pools[id] { return pool.value }
            let pool = UpstreamPool(eventLoop: loop)
            pools[id] = NIOLoopBound(pool, eventLoop: loop)
            return pool
        }
    }

    /// Asks every loop to close one idle connection to `key`: requests wait for room, and an idle
    /// connection on another loop is a slot they cannot use.
    func shedIdle(_ key: String) {
        let all = pools.withLockedValue { Array($0.values) }
        for pool in all {
            pool.eventLoop.execute { pool.value.closeIdle(key) }
        }
    }

    /// Makes the budget follow `revisions`, the live ones: each provider's limit is the lowest
    /// `max_connections` they give it. Where a lowered limit leaves too many open, every loop
    /// closes up to that many of its idle connections at once (busy ones close as they finish).
    func follow(_ revisions: [CompiledRevision]) {
        var limits: [String: Int] = [:]
        for revision in revisions {
            for provider in revision.providers.values {
                guard let target = provider.target else { continue }
                limits[target.poolKey] = min(limits[target.poolKey] ?? .max, provider.plan.maxConnections)
            }
        }
        let surplus = budget.setLimits(limits)
        guard !surplus.isEmpty else { return }
        let all = pools.withLockedValue { Array($0.values) }
        for pool in all {
            pool.eventLoop.execute {
                for (key, count) in surplus { pool.value.closeIdle(key, count: count) }
            }
        }
    }

    /// Closes every loop's idle connections (the server stops).
    func closeIdle() {
        let all = pools.withLockedValue { Array($0.values) }
        for pool in all {
            pool.eventLoop.execute { pool.value.closeAll() }
        }
    }
}
