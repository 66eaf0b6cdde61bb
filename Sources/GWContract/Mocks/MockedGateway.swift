import GWPlan
import GWProxy

/// An ephemeral in-process gateway for `test ... with mocks`: the revision with every real
/// provider replaced by a fast, well-behaved mock, served on a free loopback port, so contract
/// suites run with no network and no API key.
///
/// Providers keep their names, so `upstream:` expectations hold; providers that are already
/// `kind = mock` keep their behaviour (latency, errors, streaming), since a suite may test exactly
/// that. Replacing providers changes the revision's content, and so its id: the gateway serves it
/// under ``revisionID``, the original id with `+mocks` appended (the original id when nothing was
/// replaced), so its answers never claim to be the revision that would be deployed.
public final class MockedGateway: Sendable {
    /// The answers of a replaced provider: a few milliseconds, no errors, streams when asked.
    public static let replacementBehavior = MockBehavior(
        latencyMs: [1, 5], ttftMs: nil, errorPercent: 0, errorsAfterMs: nil, errorStatus: 500, hangPercent: 0,
        stream: true, tokens: [20, 60])

    /// The revision served (providers replaced).
    public let revision: GatewayRevision
    /// The id it is served under (`x-gwpipe-revision`).
    public let revisionID: String
    /// The names of the providers that were replaced, sorted.
    public let replacedProviders: [String]
    /// `http://127.0.0.1:PORT`.
    public let baseURL: String
    /// ``baseURL`` as a runner target.
    public let target: ContractTarget
    /// The live state, for metrics of what the suite sent.
    public let state: GatewayState
    private let server: GatewayServer

    private init(
        revision: GatewayRevision, revisionID: String, replacedProviders: [String], server: GatewayServer,
        target: ContractTarget
    ) {
        self.revision = revision
        self.revisionID = revisionID
        self.replacedProviders = replacedProviders
        self.server = server
        self.state = server.state
        self.target = target
        self.baseURL = target.baseURL
    }

    /// Replaces the providers of `revision` (id `id`), then each fault's provider by the fault's
    /// behaviour, deploys it in a fresh state and starts serving it on 127.0.0.1 on a free port.
    /// Faults are named in the id it is served under (`ID+mocks+openai_down`).
    public static func start(
        revision: GatewayRevision, id: String, faults: [(name: String, fault: MockOverride)] = []
    ) async throws -> MockedGateway {
        var (mocked, replaced) = mocking(revision)
        for (_, fault) in faults {
            guard let provider = mocked.providers[fault.provider] else {
                throw MockedGatewayError(message: "mock \(fault.provider) replaces a provider this revision does not have")
            }
            mocked.providers[fault.provider] = mock(provider, behaving: fault.behavior)
        }
        var servedID = replaced.isEmpty ? id : id + "+mocks"
        if !faults.isEmpty { servedID += "+" + faults.map(\.name).sorted().joined(separator: "+") }
        // The embedded state takes the id as given (only a RevisionStore checks ids against content),
        // so the derived id is safe here and never reaches a store.
        let state = GatewayState(environment: [:])
        state.deploy(mocked, id: servedID)
        let server = try await GatewayServer.start(
            host: "127.0.0.1", port: 0, state: state,
            configuration: GatewayConfiguration(maxBodyBytes: Int(clamping: max(1, mocked.maxBodyBytes))))
        guard let port = server.port else {
            try? await server.stop()
            throw MockedGatewayError(message: "the mocked gateway started but reports no port")
        }
        do {
            let target = try ContractTarget(baseURL: "http://127.0.0.1:\(port)")
            return MockedGateway(
                revision: mocked, revisionID: servedID, replacedProviders: replaced, server: server, target: target)
        } catch {
            try? await server.stop()
            throw MockedGatewayError(message: error.description)
        }
    }

    /// `revision` with every provider that is not `kind = mock` turned into one with
    /// ``replacementBehavior`` (no URL, no key), and the names of those replaced.
    public static func mocking(_ revision: GatewayRevision) -> (GatewayRevision, replaced: [String]) {
        var mocked = revision
        var replaced: [String] = []
        for (name, provider) in revision.providers where provider.kind != "mock" || provider.mock == nil {
            mocked.providers[name] = mock(provider, behaving: replacementBehavior)
            replaced.append(name)
        }
        return (mocked, replaced.sorted())
    }

    /// `provider` as a mock with `behavior`: no URL, no key; its timeouts, connection limit and cost
    /// kept, so routes time out and are priced as they would be.
    private static func mock(_ provider: ProviderPlan, behaving behavior: MockBehavior) -> ProviderPlan {
        ProviderPlan(
            kind: "mock", url: nil, key: nil, timeoutMs: provider.timeoutMs, connectTimeoutMs: provider.connectTimeoutMs,
            maxConnections: provider.maxConnections, mock: behavior, costPer1kTokens: provider.costPer1kTokens)
    }

    /// Stops accepting connections; requests in flight finish.
    public func stop() async throws {
        try await server.stop()
    }
}

/// The mocked gateway could not be started.
public struct MockedGatewayError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The suite or program is at fault (a case injects an undeclared mock), not the machine.
    public var isInputError: Bool
    public var description: String { message }

    public init(message: String, isInputError: Bool = false) {
        self.message = message
        self.isInputError = isInputError
    }
}
