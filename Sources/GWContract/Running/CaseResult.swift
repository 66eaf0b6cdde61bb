/// How one case went: passed, skipped (with why), or the expectations that did not hold (in words
/// that never quote the request's headers or substituted values).
public struct CaseResult: Sendable, Hashable {
    public var name: String
    /// Where the case is in its suite file.
    public var location: SuiteLocation
    /// Ran, and every expectation held.
    public var passed: Bool
    /// Why the case did not run here (it injects faults, and the target is a real gateway); nil
    /// when it ran. A skipped case neither passed nor failed.
    public var skipped: String?
    /// Empty when the case passed or was skipped.
    public var failures: [String]
    public var failed: Bool { !failures.isEmpty }
    /// From sending the request to the last byte of the answer (0 when nothing was sent).
    public var durationMs: Double
    /// The status the gateway answered; nil when no answer came (refused, timed out, not sent).
    public var statusCode: Int?

    public init(
        name: String, location: SuiteLocation, failures: [String], durationMs: Double, statusCode: Int?, skipped: String? = nil
    ) {
        self.name = name
        self.location = location
        self.skipped = failures.isEmpty ? skipped : nil
        self.passed = failures.isEmpty && skipped == nil
        self.failures = failures
        self.durationMs = durationMs
        self.statusCode = statusCode
    }
}
