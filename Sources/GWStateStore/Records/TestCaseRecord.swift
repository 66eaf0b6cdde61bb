import Foundation

/// One case of a contract test suite that a `test` step ran.
public struct TestCaseRecord: Codable, Sendable, Hashable {
    public var runId: Int64
    public var stepId: String
    public var suite: String
    public var name: String
    public var passed: Bool
    /// The case did not run where the step tested (it injects faults; the target was a real
    /// gateway): neither passed nor failed.
    public var skipped: Bool
    /// Why it failed (every failed expectation, one per line) or was skipped; nil when it passed.
    public var message: String?
    /// `suite.yaml:line:column` of the case.
    public var location: String
    public var durationMs: Double

    public init(
        runId: Int64, stepId: String, suite: String, name: String, passed: Bool, message: String?, location: String,
        durationMs: Double, skipped: Bool = false
    ) {
        self.skipped = skipped
        self.runId = runId
        self.stepId = stepId
        self.suite = suite
        self.name = name
        self.passed = passed
        self.message = message
        self.location = location
        self.durationMs = durationMs
    }
}
