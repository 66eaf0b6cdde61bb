/// The request a case sends. Strings may hold `${NAME}`, replaced from the environment when the case
/// runs (see ``EnvironmentSubstitution``), so keys stay out of the suite file.
public struct TestRequest: Sendable, Hashable {
    /// What the request carries after its head.
    public enum Body: Sendable, Hashable {
        case none
        /// Sent as JSON with `content-type: application/json` (unless the case sets its own).
        case json(JSONValue)
        /// Sent as written.
        case text(String)
    }

    /// `POST` unless the suite says otherwise.
    public var method: String
    /// Starts with `/`; joined to the target's base URL.
    public var path: String
    /// Header names and values in the order written.
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(
        method: String = "POST", path: String, headers: [(name: String, value: String)] = [], body: Body = .none
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: TestRequest, rhs: TestRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
        hasher.combine(body)
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
    }
}
