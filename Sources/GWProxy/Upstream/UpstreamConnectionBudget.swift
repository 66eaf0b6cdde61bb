import Atomics
import NIOConcurrencyHelpers
import NIOCore

/// How many connections the gateway holds open to each upstream (idle or busy, across all event
/// loops), kept within the provider's `max_connections`. A request that finds no idle connection
/// and no room waits, first come first served, until a connection closes; its attempt's timeout
/// still runs, so a full budget ends in the route's retry, fallback or 504 like a slow upstream.
///
/// Connections are counted from the moment one is about to be opened until its channel closed.
/// While requests wait, every loop is asked to close one idle connection to that upstream (see
/// `UpstreamPools.shedIdle`), so idle connections held by a quiet loop do not starve a busy one.
final class UpstreamConnectionBudget: Sendable {
    /// A request waiting for room: `grant` runs on `loop` once a slot is its own.
    struct Waiter {
        let id: UInt64
        let loop: any EventLoop
        let grant: @Sendable () -> Void
    }

    /// What `acquire` gave.
    enum Acquisition: Equatable {
        /// A slot: open the connection (and release the slot when it closes).
        case granted
        /// No room: `grant` runs when there is; `cancel` with this id if the request stops waiting.
        case queued(UInt64)
    }

    private struct Target {
        var instruments: UpstreamConnectionInstruments?
        var open = 0
        /// The most connections open at once (status and tests).
        var peak = 0
        var limit: Int
        var waiters = CircularBuffer<Waiter>()
    }

    private struct State {
        var targets: [String: Target] = [:]
        var nextWaiter: UInt64 = 1
    }

    private let state = NIOLockedValueBox(State())
    /// Where each upstream's open connections and waiting requests are shown (`/metrics`).
    private let metrics: GatewayMetrics?

    init(metrics: GatewayMetrics? = nil) {
        self.metrics = metrics
    }
    /// Requests waiting, all upstreams together: read without the lock at the end of every
    /// request (`hasWaiters`), written only when a request starts or stops waiting.
    private let waitingTotal = ManagedAtomic<Int>(0)

    /// A slot for a new connection to `key`, or a place in its queue. `limit` is the provider's
    /// `max_connections` in the revision asking (revisions may differ; the latest ask sets it).
    func acquire(_ key: String, limit: Int, on loop: any EventLoop, grant: @escaping @Sendable () -> Void) -> Acquisition {
        state.withLockedValue { state in
            var target = state.targets[key] ?? Target(instruments: metrics.map { UpstreamConnectionInstruments(metrics: $0, upstream: key) }, limit: limit)
            target.limit = max(1, limit)
            defer {
                target.instruments?.show(open: target.open, waiting: target.waiters.count)
                state.targets[key] = target
            }
            if target.open < target.limit, target.waiters.isEmpty {
                target.open += 1
                target.peak = max(target.peak, target.open)
                return .granted
            }
            target.instruments?.waits.increment()
            let id = state.nextWaiter
            state.nextWaiter += 1
            target.waiters.append(Waiter(id: id, loop: loop, grant: grant))
            waitingTotal.wrappingIncrement(ordering: .relaxed)
            return .queued(id)
        }
    }

    /// A connection to `key` closed (or was never opened): its slot goes to the first waiter, else back.
    func release(_ key: String) {
        let next: Waiter? = state.withLockedValue { state in
            guard var target = state.targets[key] else { return nil }
            defer {
                target.instruments?.show(open: target.open, waiting: target.waiters.count)
                state.targets[key] = target
            }
            // A lowered limit takes effect as connections close: their slots are not handed on.
            if target.open <= target.limit, let waiter = target.waiters.popFirst() {
                waitingTotal.wrappingDecrement(ordering: .relaxed)
                return waiter
            }
            target.open = max(0, target.open - 1)
            return nil
        }
        guard let next else { return }
        next.loop.execute { next.grant() }
    }

    /// Takes a waiter out of the queue; false when it was already granted (its `grant` is on its
    /// way and must release the slot it brings).
    func cancel(_ key: String, waiter id: UInt64) -> Bool {
        state.withLockedValue { state in
            guard var target = state.targets[key], let index = target.waiters.firstIndex(where: { $0.id == id }) else { return false }
            target.waiters.remove(at: index)
            waitingTotal.wrappingDecrement(ordering: .relaxed)
            target.instruments?.show(open: target.open, waiting: target.waiters.count)
            state.targets[key] = target
            return true
        }
    }

    /// Whether requests wait for a connection to `key` (then an idle one is better closed, so its
    /// slot reaches them, than kept).
    func hasWaiters(_ key: String) -> Bool {
        // Nearly always nobody waits: then no lock is taken (two loops taking one lock per
        // request would pass its cache line back and forth between the cores).
        guard waitingTotal.load(ordering: .relaxed) > 0 else { return false }
        return state.withLockedValue { $0.targets[key].map { !$0.waiters.isEmpty } ?? false }
    }

    /// Open connections to `key`, the most open at once, and requests waiting for one (for the
    /// tests and status).
    func usage(_ key: String) -> (open: Int, peak: Int, waiting: Int) {
        state.withLockedValue { state in
            let target = state.targets[key]
            return (target?.open ?? 0, target?.peak ?? 0, target?.waiters.count ?? 0)
        }
    }
}
