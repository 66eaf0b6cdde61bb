/// Why a suite file cannot be used: every problem found in it, in file order, not just the first.
public struct TestSuiteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [LocatedMessage]

    public init(problems: [LocatedMessage]) {
        self.problems = problems
    }

    /// One `file:line:column: error: message` line per problem, each ending in a newline.
    public var description: String {
        problems.map { "\($0)\n" }.joined()
    }
}
