import GWPlan

/// `GatewayControl` for a gateway in this process (`admin = embedded` environments and tests).
public struct EmbeddedGatewayControl: GatewayControl {
    public let state: GatewayState
    public let store: RevisionStore
    /// The data listener's URL, reported by `status()`; set once the listener is bound.
    public var dataURL: String?

    public init(state: GatewayState, store: RevisionStore, dataURL: String? = nil) {
        self.state = state
        self.store = store
        self.dataURL = dataURL
    }

    public func status() async throws -> GatewayStatus {
        let slots = state.slots
        return GatewayStatus(
            stable: slots.stable, canary: slots.canary, canaryWeight: slots.canaryWeight, flagRollouts: slots.flagRollouts,
            revisions: store.ids, dataURL: dataURL)
    }

    public func revision(_ id: String) async throws -> GatewayRevision? {
        store.revision(id)
    }

    public func upload(_ revision: GatewayRevision, id: String) async throws {
        try store.add(revision, id: id)
    }

    private func stored(_ id: String) throws -> GatewayRevision {
        guard let revision = store.revision(id) else {
            throw GatewayControlError(status: 404, message: "revision \(id) was never uploaded")
        }
        return revision
    }

    public func deploy(revisionID: String) async throws {
        state.deploy(try stored(revisionID), id: revisionID)
        try store.markStable(revisionID)
    }

    public func split(canary revisionID: String, weight: Double) async throws {
        guard (0...100).contains(weight) else { throw GatewayControlError(status: 400, message: "weight must be 0–100, not \(weight)") }
        guard state.slots.stable != nil else {
            throw GatewayControlError(status: 409, message: "there is no stable revision to split against; deploy first")
        }
        if state.slots.canary == revisionID {
            state.setCanaryWeight(weight)
        } else {
            state.setCanary(try stored(revisionID), id: revisionID, weight: weight)
        }
    }

    public func promote() async throws {
        guard let canary = state.slots.canary else { throw GatewayControlError(status: 409, message: "there is no canary to promote") }
        state.promote()
        try store.markStable(canary)
    }

    public func rollback() async throws {
        state.rollback()
    }

    public func setFlagRollout(_ flag: String, percent: Double) async throws {
        guard (0...100).contains(percent) else { throw GatewayControlError(status: 400, message: "rollout must be 0–100, not \(percent)") }
        state.setFlagRollout(flag, percent: percent)
    }

    public func metrics(lastSeconds seconds: Double, slot: String?) async throws -> MetricsSnapshot {
        state.metrics.window(last: seconds, slot: slot)
    }

    public func flagMetrics(_ flag: String, side: FlagSide, lastSeconds seconds: Double) async throws -> MetricsSnapshot {
        state.metrics.flagWindow(flag: flag, side: side, last: seconds)
    }
}
