/// How putting an environment back went, instance by instance: which instances did it and which
/// refused, failed or did not answer in time, with why (never "rolled back" when one did not).
struct RollbackReport: Sendable {
    /// One instance that is not back.
    struct Failure: Sendable, Equatable {
        var instance: String
        var reason: String
    }

    var instances: Int
    var failures: [Failure]

    static let nothing = RollbackReport(instances: 0, failures: [])

    var succeeded: Bool { failures.isEmpty }

    /// `rollback failed on http://b:9081 (could not roll back http://b:9081: refused) and ...; 1 of 3 instance(s) back`.
    var failureSummary: String {
        let list = failures.map { "\($0.instance) (\($0.reason))" }.joined(separator: ", ")
        return "rollback failed on \(list); \(instances - failures.count) of \(instances) instance(s) back"
    }

    /// Both reports' instances and failures (a canary's instances and the ones it promoted).
    func merged(with other: RollbackReport) -> RollbackReport {
        RollbackReport(instances: instances + other.instances, failures: failures + other.failures)
    }
}
