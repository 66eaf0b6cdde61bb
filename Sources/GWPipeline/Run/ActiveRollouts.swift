import NIOConcurrencyHelpers

/// The rollbacks of strategies in progress, so a cancelled run (Ctrl-C, SIGTERM) can put traffic
/// back on stable before it exits.
final class ActiveRollouts: Sendable {
    typealias Rollback = @Sendable () async -> RollbackReport

    private let entries = NIOLockedValueBox<[String: Rollback]>([:])

    func register(_ id: String, rollback: @escaping Rollback) {
        entries.withLockedValue { $0[id] = rollback }
    }

    func unregister(_ id: String) {
        entries.withLockedValue { _ = $0.removeValue(forKey: id) }
    }

    /// Runs (once, all at once) and forgets every registered rollback; returns what failed.
    @discardableResult
    func rollBackAll() async -> [RollbackReport.Failure] {
        let pending = entries.withLockedValue { entries in
            defer { entries.removeAll() }
            return Array(entries.values)
        }
        // Detached: this runs when the run is cancelled, and the calls must still go out.
        return await Task.detached {
            await withTaskGroup(of: RollbackReport.self) { group in
                for rollback in pending { group.addTask { await rollback() } }
                var failures: [RollbackReport.Failure] = []
                for await report in group { failures += report.failures }
                return failures
            }
        }.value
    }
}
