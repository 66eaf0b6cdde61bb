/// A contract test suite read from YAML (`suite:` and `cases:`), ready to run against a gateway.
public struct TestSuite: Sendable, Hashable {
    /// The `suite:` name, or the file's name without its extension when there is none.
    public var name: String
    /// The file the suite was read from, as named to the loader.
    public var file: String
    /// The cases in file order.
    public var cases: [TestCase]

    public init(name: String, file: String, cases: [TestCase]) {
        self.name = name
        self.file = file
        self.cases = cases
    }
}
