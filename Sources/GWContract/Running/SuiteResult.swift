/// The outcome of running a suite: each case's result in file order, and the totals.
public struct SuiteResult: Sendable, Hashable {
    public var name: String
    public var file: String
    public var cases: [CaseResult]
    /// Wall time of the whole suite (cases run concurrently, so this is less than their sum).
    public var durationMs: Double

    public init(name: String, file: String, cases: [CaseResult], durationMs: Double) {
        self.name = name
        self.file = file
        self.cases = cases
        self.durationMs = durationMs
    }

    public var passedCount: Int { cases.count { $0.passed } }
    public var skippedCount: Int { cases.count { $0.skipped != nil } }
    public var failedCount: Int { cases.count { $0.failed } }
    /// No case failed (skipped ones do not count against the suite).
    public var allPassed: Bool { !cases.contains(where: \.failed) }
}
