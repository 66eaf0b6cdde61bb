/// Where a `test` step sends its requests.
public enum TestTarget: Sendable, Hashable {
    /// `with mocks`: an ephemeral gateway whose providers are all mocked.
    case mocks(range: SourceRange)
    /// `against ENV`: a deployed environment.
    case environment(Identifier)
}
