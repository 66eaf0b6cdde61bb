import GWPlan
import NIOConcurrencyHelpers
import NIOCore
import Prometheus

/// The live revisions of one gateway and how traffic is split between them: the stable slot, an
/// optional canary slot with its weight, and runtime flag rollouts. Swaps are atomic: a request
/// takes a reference to its revision once and finishes on it, whatever changes meanwhile.
public final class GatewayState: Sendable {
    /// A snapshot of the slots.
    public struct Slots: Sendable {
        public var stable: String?
        public var canary: String?
        /// Share of callers (0–100) sent to the canary.
        public var canaryWeight: Double
        public var flagRollouts: [String: Double]
    }

    private struct Storage {
        var stable: CompiledRevision?
        var canary: CompiledRevision?
        var canaryWeight: Double = 0
        var flagRollouts: [String: Double] = [:]
    }

    private let storage = NIOLockedValueBox(Storage())
    /// Told the live revisions after every change of the slots (see `observeRevisions`), by id.
    private let observers = NIOLockedValueBox<(next: UInt64, all: [UInt64: @Sendable ([CompiledRevision]) -> Void])>((0, [:]))
    let limiter = RateLimiter()
    /// The Redis the token buckets live in when instances share their limits; nil keeps them in
    /// `limiter`, in process.
    let sharedLimits: RedisLimitStore?
    let breakers = BreakerBoard()
    /// Request metrics of every revision this state serves, for gates (windows) and `/metrics`.
    public let metrics: GatewayMetrics
    /// Where provider keys are read from (`key = openai_key` names a variable, resolved here).
    let environment: [String: String]
    /// Keys the pipeline's synthetic traffic presents, admitted on every route with `auth` as team
    /// `synthetic`. Only an in-process gateway has them: they are made per run and never leave it.
    let syntheticCallers: KeyAuthenticator?
    /// How much faster than the wall clock scripted mock timelines (`errors = 30% after 20s`) run;
    /// `gwpipe run --time-scale 0.1` compresses a whole demo, its mocks included.
    let timelineSpeed: Double

    public init(
        environment: [String: String] = [:], syntheticKeys: [String] = [], timelineSpeed: Double = 1,
        sharedLimits: SharedLimitsConfiguration? = nil
    ) {
        self.environment = environment
        let metrics = GatewayMetrics()
        self.metrics = metrics
        self.sharedLimits = sharedLimits.map { configuration in
            RedisLimitStore(
                configuration: configuration,
                uncheckedCounter: metrics.makeCounter(
                    MetricNameDescriptor(
                        namespace: "gwpipe", metricName: "limit_checks_unchecked", unitName: "total",
                        helpText: "Requests served without their rate-limit check because the limits store did not answer in time.")))
        }
        self.syntheticCallers = syntheticKeys.isEmpty ? nil : KeyAuthenticator(
            keys: syntheticKeys.enumerated().map { index, key in
                KeyPlan(sha256: KeyAuthenticator.digest(key), team: "synthetic", id: "synthetic-\(index + 1)")
            })
        self.timelineSpeed = timelineSpeed > 0 && timelineSpeed.isFinite ? timelineSpeed : 1
    }

    /// Makes `revision` the stable revision (dropping any canary).
    public func deploy(_ revision: GatewayRevision, id: String) {
        let compiled = CompiledRevision(id: id, revision: revision, environment: environment)
        storage.withLockedValue { storage in
            storage.stable = compiled
            storage.canary = nil
            storage.canaryWeight = 0
        }
        revisionsChanged()
    }

    /// Loads `revision` into the canary slot at `weight` percent.
    public func setCanary(_ revision: GatewayRevision, id: String, weight: Double) {
        let compiled = CompiledRevision(id: id, revision: revision, environment: environment)
        storage.withLockedValue { storage in
            storage.canary = compiled
            storage.canaryWeight = min(100, max(0, weight))
        }
        revisionsChanged()
    }

    public func setCanaryWeight(_ weight: Double) {
        storage.withLockedValue { $0.canaryWeight = min(100, max(0, weight)) }
    }

    /// The canary becomes stable.
    public func promote() {
        storage.withLockedValue { storage in
            if let canary = storage.canary { storage.stable = canary }
            storage.canary = nil
            storage.canaryWeight = 0
        }
        revisionsChanged()
    }

    /// Drops the canary; all traffic goes to stable.
    public func rollback() {
        storage.withLockedValue { storage in
            storage.canary = nil
            storage.canaryWeight = 0
        }
        revisionsChanged()
    }

    /// The revisions loaded now: stable and canary, whatever the canary's weight (a canary at 0%
    /// still serves requests already routed to it and may be raised at any moment).
    var liveRevisions: [CompiledRevision] {
        storage.withLockedValue { [$0.stable, $0.canary].compactMap { $0 } }
    }

    /// Calls `observer` with the live revisions now and after every change of the slots, until
    /// `stopObserving` with the returned id. A server's connection budget follows them this way.
    func observeRevisions(_ observer: @escaping @Sendable ([CompiledRevision]) -> Void) -> UInt64 {
        let id = observers.withLockedValue { observers in
            observers.next += 1
            observers.all[observers.next] = observer
            return observers.next
        }
        observer(liveRevisions)
        return id
    }

    func stopObserving(_ id: UInt64) {
        observers.withLockedValue { $0.all[id] = nil }
    }

    private func revisionsChanged() {
        let live = liveRevisions
        for observer in observers.withLockedValue({ Array($0.all.values) }) { observer(live) }
    }

    public func setFlagRollout(_ flag: String, percent: Double) {
        storage.withLockedValue { $0.flagRollouts[flag] = min(100, max(0, percent)) }
    }

    public var slots: Slots {
        storage.withLockedValue {
            Slots(stable: $0.stable?.id, canary: $0.canary?.id, canaryWeight: $0.canaryWeight, flagRollouts: $0.flagRollouts)
        }
    }

    /// The revision a caller is served by: the canary for a stable share of callers (by `stickyKey`),
    /// the stable revision otherwise.
    func revision(stickyKey: String) -> (CompiledRevision, slot: String, flagRollouts: [String: Double])? {
        storage.withLockedValue { storage in
            if let canary = storage.canary, storage.canaryWeight > 0,
                StableHash.percentile(stickyKey, salt: canary.id) < storage.canaryWeight
            {
                return (canary, "canary", storage.flagRollouts)
            }
            guard let stable = storage.stable else { return nil }
            return (stable, "stable", storage.flagRollouts)
        }
    }
}
