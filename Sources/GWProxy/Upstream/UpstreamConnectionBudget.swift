import Atomics
import NIOConcurrencyHelpers
import NIOCore

/// How many connections the gateway holds open to each provider's upstream (idle or busy, across
/// all event loops), kept within the provider's `max_connections`. A request that finds no idle
/// connection and no room waits, first come first served, until a connection closes; its
/// attempt's timeout still runs, so a full budget ends in the route's retry, fallback or 504 like
/// a slow upstream (but without counting against the provider's breaker: the wait was ours).
///
/// Connections are counted from the moment one is about to be opened until its channel closed.
/// A connection that finishes an answer while requests wait goes straight to one waiting on its
/// own loop (`takeWaiter`: no new handshake), else closes so that its slot reaches another loop.
/// While requests wait, every loop is asked to close one idle connection to that upstream (see
/// `UpstreamPools.shedIdle`), so idle connections held by a quiet loop do not starve a busy one.
/// Keys are `UpstreamTarget.poolKey`: one budget per provider, even when providers share a host.
///
/// The limit is the lowest `max_connections` of the live revisions (`setLimits`, on every deploy,
/// canary, promotion and rollback). Lowered below what is open, it holds as connections finish:
/// each closes instead of going back to its pool until the count is within it (`isOverLimit`).
final class UpstreamConnectionBudget: Sendable {
    /// A request waiting for room: `grant` runs on `loop` once a slot is its own, with nil (open a
    /// connection in it) or with a connection of that loop handed over whole, slot included.
    struct Waiter {
        let id: UInt64
        let loop: any EventLoop
        let grant: @Sendable (NIOLoopBound<UpstreamConnection>?) -> Void
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
        /// Whether more are open than `limit` allows (counted in `overLimitTotal`).
        var overLimit = false

        /// Keeps `overLimit` and the count of targets over their limit up to date.
        mutating func noteOverLimit(in total: ManagedAtomic<Int>) {
            let over = open > limit
            guard over != overLimit else { return }
            overLimit = over
            if over { total.wrappingIncrement(ordering: .relaxed) } else { total.wrappingDecrement(ordering: .relaxed) }
        }

        /// Hands free slots to waiters, first come first served, while there is room (after a
        /// release, or when a new revision raised the limit).
        mutating func grantWhileRoom(into granted: inout [Waiter]) {
            while open < limit, let waiter = waiters.popFirst() {
                open += 1
                peak = max(peak, open)
                granted.append(waiter)
            }
        }
    }

    private struct State {
        var targets: [String: Target] = [:]
        /// The live revisions' limits by key (`setLimits`); they win over the one a request brings.
        var limits: [String: Int] = [:]
        /// Whether `setLimits` was called: until then `limits` says nothing about what is live.
        var limitsKnown = false
        var nextWaiter: UInt64 = 1
    }

    private let state = NIOLockedValueBox(State())
    /// Requests waiting, all upstreams together: read without the lock at the end of every
    /// request (`hasWaiters`), written only when a request starts or stops waiting.
    private let waitingTotal = ManagedAtomic<Int>(0)
    /// Targets with more connections open than their limit: read without the lock at the end of
    /// every request (`isOverLimit`); nonzero only for a while after a limit was lowered.
    private let overLimitTotal = ManagedAtomic<Int>(0)
    /// Where each upstream's open connections and waiting requests are shown (`/metrics`).
    private let metrics: GatewayMetrics?

    init(metrics: GatewayMetrics? = nil) {
        self.metrics = metrics
    }

    /// A slot for a new connection to `target`, or a place in its queue. `limit` is the provider's
    /// `max_connections` in the revision asking, used until the live revisions' limit is known
    /// (`setLimits`).
    func acquire(
        _ target: UpstreamTarget, limit: Int, on loop: any EventLoop,
        grant: @escaping @Sendable (NIOLoopBound<UpstreamConnection>?) -> Void
    ) -> Acquisition {
        let key = target.poolKey
        var granted: [Waiter] = []
        let acquisition: Acquisition = state.withLockedValue { state in
            var entry = state.targets[key]
                ?? Target(instruments: metrics.map { UpstreamConnectionInstruments(metrics: $0, target: target) }, limit: limit)
            entry.limit = max(1, state.limits[key] ?? limit)
            defer {
                entry.noteOverLimit(in: overLimitTotal)
                entry.instruments?.show(open: entry.open, waiting: entry.waiters.count)
                state.targets[key] = entry
            }
            entry.grantWhileRoom(into: &granted)  // a raised limit lets earlier waiters go first
            if entry.open < entry.limit, entry.waiters.isEmpty {
                entry.open += 1
                entry.peak = max(entry.peak, entry.open)
                return .granted
            }
            entry.instruments?.waits.increment()
            let id = state.nextWaiter
            state.nextWaiter += 1
            entry.waiters.append(Waiter(id: id, loop: loop, grant: grant))
            return .queued(id)
        }
        if case .queued = acquisition { waitingTotal.wrappingIncrement(ordering: .relaxed) }
        hand(granted)
        return acquisition
    }

    /// A connection to `key` closed (or was never opened): its slot goes to the first waiter, else back.
    func release(_ key: String) {
        var granted: [Waiter] = []
        var retired: UpstreamConnectionInstruments?
        state.withLockedValue { state in
            guard var entry = state.targets[key] else { return }
            entry.open = max(0, entry.open - 1)
            // A lowered limit takes effect as connections close: no slot is handed on above it.
            entry.grantWhileRoom(into: &granted)
            entry.noteOverLimit(in: overLimitTotal)
            entry.instruments?.show(open: entry.open, waiting: entry.waiters.count)
            if UpstreamConnectionBudget.isRetired(entry, key: key, state) {
                // The last connection of an upstream no live revision names: forgotten.
                state.targets[key] = nil
                retired = entry.instruments
            } else {
                state.targets[key] = entry
            }
        }
        hand(granted)
        if let retired, let metrics { retired.unregister(from: metrics) }
    }

    /// Whether `entry` is of an upstream the live revisions no longer name, with nothing open or
    /// waiting: then it is dropped, so a long-lived gateway keeps no entry (and no `/metrics`
    /// series) for every address it ever served. Before any live revisions are known nothing is.
    private static func isRetired(_ entry: Target, key: String, _ state: State) -> Bool {
        state.limitsKnown && state.limits[key] == nil && entry.open == 0 && entry.waiters.isEmpty
    }

    /// The live revisions' limits by key (the lowest `max_connections` any of them gives the
    /// provider). Returns, for each key now over its limit, how many connections are too many:
    /// idle ones can close at once; busy ones close as they finish (`isOverLimit`). A raised limit
    /// lets waiting requests go. An upstream no live revision names has all its connections too
    /// many, and its entry is dropped when the last has closed.
    func setLimits(_ limits: [String: Int]) -> [String: Int] {
        var granted: [Waiter] = []
        var retired: [UpstreamConnectionInstruments] = []
        let surplus = state.withLockedValue { state -> [String: Int] in
            state.limits = limits.mapValues { max(1, $0) }
            state.limitsKnown = true
            var surplus: [String: Int] = [:]
            for (key, var entry) in state.targets where state.limits[key] == nil {
                if UpstreamConnectionBudget.isRetired(entry, key: key, state) {
                    state.targets[key] = nil
                    if let instruments = entry.instruments { retired.append(instruments) }
                } else {
                    // Every connection is one too many: idle ones close now, busy ones as they
                    // finish, and the entry goes with the last (a request of the old revision
                    // still asking for one brings its limit back).
                    entry.limit = 0
                    entry.noteOverLimit(in: overLimitTotal)
                    surplus[key] = entry.open
                    state.targets[key] = entry
                }
            }
            for (key, limit) in state.limits {
                guard var entry = state.targets[key] else { continue }
                entry.limit = limit
                entry.grantWhileRoom(into: &granted)
                entry.noteOverLimit(in: overLimitTotal)
                if entry.open > limit { surplus[key] = entry.open - limit }
                entry.instruments?.show(open: entry.open, waiting: entry.waiters.count)
                state.targets[key] = entry
            }
            return surplus
        }
        hand(granted)
        if let metrics { for instruments in retired { instruments.unregister(from: metrics) } }
        return surplus
    }

    /// Whether `key` has more connections open than its limit: then a connection that finished
    /// an answer closes rather than going back to its pool.
    func isOverLimit(_ key: String) -> Bool {
        guard overLimitTotal.load(ordering: .relaxed) > 0 else { return false }
        return state.withLockedValue { $0.targets[key]?.overLimit ?? false }
    }

    private func hand(_ granted: [Waiter]) {
        guard !granted.isEmpty else { return }
        waitingTotal.wrappingDecrement(by: granted.count, ordering: .relaxed)
        for waiter in granted {
            waiter.loop.execute { waiter.grant(nil) }
        }
    }

    /// The first request waiting for `key` on `loop`, taken out of the queue so that a connection
    /// that just finished an answer on that loop goes to it directly, slot and all, instead of
    /// closing and being opened again. Nil when none waits there (then closing hands the slot to
    /// a waiter on another loop). Requests of the loop go ahead of earlier ones of other loops.
    func takeWaiter(_ key: String, on loop: any EventLoop) -> Waiter? {
        guard waitingTotal.load(ordering: .relaxed) > 0 else { return nil }
        let id = ObjectIdentifier(loop)
        let waiter = state.withLockedValue { state -> Waiter? in
            guard var entry = state.targets[key], let index = entry.waiters.firstIndex(where: { ObjectIdentifier($0.loop) == id })
            else { return nil }
            let waiter = entry.waiters.remove(at: index)
            entry.instruments?.show(open: entry.open, waiting: entry.waiters.count)
            state.targets[key] = entry
            return waiter
        }
        if waiter != nil { waitingTotal.wrappingDecrement(ordering: .relaxed) }
        return waiter
    }

    /// Takes a waiter out of the queue; false when it was already granted (its `grant` is on its
    /// way and must release the slot it brings).
    func cancel(_ key: String, waiter id: UInt64) -> Bool {
        let removed = state.withLockedValue { state -> Bool in
            guard var entry = state.targets[key], let index = entry.waiters.firstIndex(where: { $0.id == id }) else { return false }
            entry.waiters.remove(at: index)
            entry.instruments?.show(open: entry.open, waiting: entry.waiters.count)
            state.targets[key] = entry
            return true
        }
        if removed { waitingTotal.wrappingDecrement(ordering: .relaxed) }
        return removed
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
            let entry = state.targets[key]
            return (entry?.open ?? 0, entry?.peak ?? 0, entry?.waiters.count ?? 0)
        }
    }
}
