import GWProxy

/// Reads one side of a rollout over a window: `canary` (the new revision, or the flag on) and
/// `stable` (the old one, or the flag off), combined over the environment's instances.
struct MetricsSides: Sendable {
    typealias Reader = @Sendable (_ side: String, _ windowSeconds: Double) async throws -> MetricsSnapshot

    let read: Reader

    func snapshots(_ windowSeconds: Double) async throws -> [String: MetricsSnapshot] {
        async let canary = read("canary", windowSeconds)
        async let stable = read("stable", windowSeconds)
        return ["canary": try await canary, "stable": try await stable]
    }

    /// Slot metrics of a canary or blue-green rollout.
    static func slots(_ handle: EnvironmentHandle, mapping: [String: String] = ["canary": "canary", "stable": "stable"]) -> MetricsSides {
        MetricsSides { side, window in
            guard let slot = mapping[side] else { return MetricsSnapshot.combined([]) }
            var snapshots: [MetricsSnapshot] = []
            for instance in handle.instances {
                snapshots.append(try await instance.checked("read metrics of") { try await $0.metrics(lastSeconds: window, slot: slot) })
            }
            return MetricsSnapshot.combined(snapshots)
        }
    }

    /// Flag-side metrics of a flag rollout: canary = flag on, stable = flag off.
    static func flag(_ flag: String, _ handle: EnvironmentHandle) -> MetricsSides {
        MetricsSides { side, window in
            var snapshots: [MetricsSnapshot] = []
            for instance in handle.instances {
                snapshots.append(
                    try await instance.checked("read metrics of") {
                        try await $0.flagMetrics(flag, side: side == "canary" ? .on : .off, lastSeconds: window)
                    })
            }
            return MetricsSnapshot.combined(snapshots)
        }
    }
}
