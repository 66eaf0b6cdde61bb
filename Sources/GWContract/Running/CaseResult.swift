/// How one case went: passed, or the expectations that did not hold (in words that never quote
/// the request's headers or substituted values).
public struct CaseResult: Sendable, Hashable {
    public var name: String
    /// Where the case is in its suite file.
    public var location: SuiteLocation
    public var passed: Bool
    /// Empty when the case passed.
    public var failures: [String]
    /// From sending the request to the last byte of the answer (0 when nothing was sent).
    public var durationMs: Double
    /// The status the gateway answered; nil when no answer came (refused, timed out, not sent).
    public var statusCode: Int?

    public init(name: String, location: SuiteLocation, failures: [String], durationMs: Double, statusCode: Int?) {
        self.name = name
        self.location = location
        self.passed = failures.isEmpty
        self.failures = failures
        self.durationMs = durationMs
        self.statusCode = statusCode
    }
}
