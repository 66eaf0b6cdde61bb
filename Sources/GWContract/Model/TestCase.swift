/// One case of a suite: a request and what its answer must look like.
public struct TestCase: Sendable, Hashable {
    public var name: String
    /// Where the case starts in the suite file; failures point here.
    public var location: SuiteLocation
    public var request: TestRequest
    public var expectation: TestExpectation
    /// Named faults of the program (`mock NAME { for = provider ... }`) this case injects, sorted:
    /// it runs against a mocked gateway where each one replaces its provider (`mocks:` in YAML).
    public var mocks: [String]

    public init(
        name: String, location: SuiteLocation, request: TestRequest, expectation: TestExpectation, mocks: [String] = []
    ) {
        self.name = name
        self.location = location
        self.request = request
        self.expectation = expectation
        self.mocks = mocks
    }
}
