import NIOConcurrencyHelpers

/// The rollbacks of strategies in progress, so a cancelled run (Ctrl-C, SIGTERM) can put traffic
/// back on stable before it exits.
final class ActiveRollouts: Sendable {
    typealias Rollback = @Sendable () async -> Void

    private let entries = NIOLockedValueBox<[String: Rollback]>([:])

    func register(_ id: String, rollback: @escaping Rollback) {
        entries.withLockedValue { $0[id] = rollback }
    }

    func unregister(_ id: String) {
        entries.withLockedValue { _ = $0.removeValue(forKey: id) }
    }

    /// Runs (once) and forgets every registered rollback.
    func rollBackAll() async {
        let pending = entries.withLockedValue { entries in
            defer { entries.removeAll() }
            return Array(entries.values)
        }
        for rollback in pending { await rollback() }
    }
}
